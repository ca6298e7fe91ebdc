package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/views"
)

// rowsSource serves rows held in memory: the entry grid's changed cells go
// through the same import engine as a file.
type rowsSource struct {
	rows [][]string
	i    int
}

func (r *rowsSource) Next() (int, []string, error) {
	if r.i >= len(r.rows) {
		return 0, nil, io.EOF
	}
	r.i++
	return r.i, r.rows[r.i-1], nil
}

// cellText writes a current value as the grid shows it, in the notation
// the value parser reads back: ">39" for a lower bound, "约39" for an estimate.
func cellText(o indicators.Observation) string {
	v := indicators.FormatValue(o.Value)
	switch o.Qualifier {
	case indicators.LowerBound:
		return ">" + v
	case indicators.UpperBound:
		return "<" + v
	case indicators.Estimate:
		return "约" + v
	}
	return v
}

func gridName(code string, year int) string { return "v." + code + "." + strconv.Itoa(year) }

// gridPage builds the grid: every indicator × every year of the plan, the
// current value in each cell; cells the user may not write are shown as text.
func (s *Server) gridPage(r *http.Request, d indicators.Dataset, form map[string]string, cellErr map[string]string) views.GridPage {
	l, u := lang(r), currentUser(r)
	p := d.Plan
	vm := views.GridPage{Page: s.page(r, l.T("grid.heading")+" · "+l.Pick(p.NameZh, p.NameEn), p.Sample),
		Heading: l.T("grid.heading") + " · " + l.Pick(p.NameZh, p.NameEn), Intro: l.T("grid.intro"),
		Action: planHref(p.Code) + "/entry", BackHref: planHref(p.Code), Back: l.Pick(p.NameZh, p.NameEn), Submit: l.T("grid.submit")}
	for y := p.BaseYear + 1; y <= p.TargetYear; y++ {
		vm.Years = append(vm.Years, y)
	}
	for _, ind := range d.Indicators {
		cur := map[int]indicators.Observation{}
		for _, o := range indicators.Current(d.Observations[ind.Code]) {
			cur[o.Year] = o
		}
		row := views.GridRow{Code: ind.Code, Name: l.Pick(ind.NameZh, ind.NameEn), Unit: ind.Unit, Href: indicatorHref(p.Code, ind.Code)}
		for _, y := range vm.Years {
			var c views.GridCell
			if o, ok := cur[y]; ok {
				c.Value, c.Original = cellText(o), cellText(o)
			}
			if y <= ind.TargetYear(p) && u.CanEdit(ind) {
				c.Name = gridName(ind.Code, y)
				if v, ok := form[c.Name]; ok {
					c.Value = v
				}
				c.Error = cellErr[c.Name]
			}
			row.Cells = append(row.Cells, c)
		}
		vm.Rows = append(vm.Rows, row)
	}
	status := form["status"]
	if status == "" {
		status = string(indicators.Preliminary)
	}
	vm.Fields = []views.Field{
		{Name: "source", Label: l.T("col.source"), Type: "text", Value: form["source"], Required: true, Help: l.T("entry.source.help"), Error: cellErr["source"]},
		{Name: "status", Label: l.T("col.obsstatus"), Type: "select", Value: status, Options: []views.Option{
			{Value: "preliminary", Label: l.T("obsstatus.preliminary")}, {Value: "final", Label: l.T("obsstatus.final")}}},
		{Name: "note", Label: l.T("col.note"), Type: "text", Value: form["note"]},
	}
	if form["confirm"] != "" {
		vm.Fields = append(vm.Fields, views.Field{Name: "confirm", Type: "hidden", Value: "1"})
	}
	return vm
}

func (s *Server) handleGrid(w http.ResponseWriter, r *http.Request) {
	d, ok := s.planEditor(w, r)
	if !ok {
		return
	}
	vm := s.gridPage(r, d, nil, nil)
	if r.URL.Query().Get("unchanged") != "" {
		vm.Page.Notice = lang(r).T("grid.unchanged")
	}
	s.render(w, r, http.StatusOK, views.GridView(vm))
}

// handleGridPost imports the cells that changed, as a file of their own:
// a dry run first, so that errors and suspicious magnitudes are shown next
// to their cells (warnings once: saving again confirms them).
func (s *Server) handleGridPost(w http.ResponseWriter, r *http.Request) {
	l, u, plan := lang(r), currentUser(r), r.PathValue("plan")
	d, ok := s.planEditor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("form", "表单无法读取(可能过大)", "the form could not be read (too large?)"))
		return
	}
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	cellErr := map[string]string{}
	rows := [][]string{{"indicator", "year", "value", "source", "status", "note"}}
	names := []string{""} // the cell of each row
	for _, ind := range d.Indicators {
		for y := d.Plan.BaseYear + 1; y <= ind.TargetYear(d.Plan); y++ {
			name := gridName(ind.Code, y)
			v, ok := r.PostForm[name]
			if !ok || strings.TrimSpace(v[0]) == form["was"+name] {
				continue
			}
			if strings.TrimSpace(v[0]) == "" {
				cellErr[name] = l.T("grid.err.clear")
				continue
			}
			rows = append(rows, []string{ind.Code, strconv.Itoa(y), v[0], form["source"], form["status"], form["note"]})
			names = append(names, name)
		}
	}
	if len(rows) > 1 && form["source"] == "" {
		cellErr["source"] = l.T("grid.err.source")
	}
	fail := func(msg string) {
		vm := s.gridPage(r, d, form, cellErr)
		vm.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, views.GridView(vm))
	}
	if len(cellErr) > 0 {
		fail(l.T("grid.err"))
		return
	}
	if len(rows) == 1 {
		http.Redirect(w, r, planHref(plan)+"/entry?unchanged=1", http.StatusSeeOther)
		return
	}
	h := sha256.New()
	for _, row := range rows {
		io.WriteString(h, strings.Join(row, "\x1f")+"\x1e")
	}
	opt := indicators.ImportOptions{Plan: plan, File: l.T("grid.file"), SHA256: hex.EncodeToString(h.Sum(nil)),
		By: u.Name, User: u, Now: s.now(), DryRun: true}
	res, err := s.imports.ImportActuals(r.Context(), &rowsSource{rows: rows}, opt)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !res.OK() || (res.Warnings > 0 && form["confirm"] == "") {
		for _, is := range res.Issues {
			if is.Row > 1 && is.Row <= len(names) {
				cellErr[names[is.Row-1]] = l.Pick(is.Zh, is.En)
			}
		}
		msg := l.T("grid.err")
		if res.OK() {
			msg, form["confirm"] = l.T("grid.warn"), "1"
		}
		fail(msg)
		return
	}
	opt.DryRun = false
	if res, err = s.imports.ImportActuals(r.Context(), &rowsSource{rows: rows}, opt); err != nil {
		s.pageError(w, r, err)
		return
	}
	if !res.OK() { // the data changed between the two passes
		fail(gridIssues(l, res))
		return
	}
	if res.ID == 0 {
		http.Redirect(w, r, planHref(plan)+"/entry?unchanged=1", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(res.ID, 10)+"?saved=1", http.StatusSeeOther)
}

// gridIssues joins an import's errors into one message.
func gridIssues(l i18n.Lang, res indicators.ImportResult) string {
	var msgs []string
	for _, is := range res.Issues {
		if !is.Warning {
			msgs = append(msgs, l.Pick(is.Zh, is.En))
		}
	}
	return l.List(msgs)
}
