package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"plantrack/indicators"
	"plantrack/web/i18n"
	"plantrack/web/present"
	"plantrack/web/views"
)

// evidenceRefusals name the refusals of a file that the page it came from
// says again, by a word in its address.
var evidenceRefusals = map[string]string{"err.evidence.type": "type", "err.evidence.tooLarge": "size", "err.report.year": "year"}

// evidenceSlots bounds the evidence uploads held in memory at once: two
// files of at most 20 MB; a third waits for a slot.
var evidenceSlots = make(chan struct{}, 2)

// handleAttach stores an evidence file posted for an indicator's value of a
// year or a project's year, and goes back to its page.
func (s *Server) handleAttach(w http.ResponseWriter, r *http.Request) {
	plan := r.PathValue("plan")
	select {
	case evidenceSlots <- struct{}{}:
		defer func() { <-evidenceSlots }()
	case <-r.Context().Done():
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, indicators.MaxEvidence+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		s.pageError(w, r, indicators.Invalid("file", "err.evidence.nofile"))
		return
	}
	var (
		e    indicators.Evidence
		data []byte
	)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.pageError(w, r, indicators.Invalid("file", "err.evidence.tooLarge", indicators.MaxEvidence>>20))
				return
			}
			s.pageError(w, r, indicators.Invalid("file", "err.evidence.nofile"))
			return
		}
		small := func() string { b, _ := io.ReadAll(io.LimitReader(part, 200)); return string(b) }
		switch part.FormName() {
		case "indicator":
			e.Indicator = small()
		case "project":
			e.Project = small()
		case "year":
			e.Year, _ = strconv.Atoi(small())
		case "file":
			e.Name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, indicators.MaxEvidence+1))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) || len(data) > indicators.MaxEvidence {
				s.pageError(w, r, indicators.Invalid("file", "err.evidence.tooLarge", indicators.MaxEvidence>>20))
				return
			}
			if err != nil {
				s.pageError(w, r, indicators.Invalid("file", "err.evidence.nofile"))
				return
			}
		}
		part.Close()
	}
	if len(data) == 0 {
		s.pageError(w, r, indicators.Invalid("file", "err.evidence.nofile"))
		return
	}
	back := present.IndicatorHref(plan, e.Indicator)
	if e.Project != "" {
		back = present.ProjectHref(plan, e.Project)
	}
	if _, err := s.app.AddEvidence(r.Context(), actor(r), plan, e, data); err != nil {
		var de *indicators.Error
		if errors.As(err, &de) && evidenceRefusals[de.Msg.Key] != "" {
			// back to the page, the reason on it (by name, never as text
			// from the address): nothing was stored
			http.Redirect(w, r, back+"?"+url.Values{"evidence_error": {evidenceRefusals[de.Msg.Key]}}.Encode()+"#evidence-h", http.StatusSeeOther)
			return
		}
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, back+"?saved=1#evidence-h", http.StatusSeeOther)
}

// handleEvidence sends an evidence file as a download, never shown in the
// browser: its stored type, attachment with its safe name, and a sandbox.
func (s *Server) handleEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.pageError(w, r, indicators.NotFound("err.evidence.notFound", r.PathValue("id")))
		return
	}
	e, data, err := s.app.EvidenceFile(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", e.Type.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Name}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// evidencePanel lists the files of an indicator's values or a project's
// years for signed-in readers, with the upload form where the reader may
// attach; nil for anonymous readers.
func (s *Server) evidencePanel(r *http.Request, p indicators.Plan, indicator, project, unit string) *views.EvidencePanel {
	u := currentUser(r)
	if u == nil {
		return nil
	}
	l := lang(r)
	es, err := s.app.Evidence(r.Context(), p.Code, indicator, project)
	if err != nil {
		s.log.Error("evidence", "err", err)
		return nil
	}
	people := s.people(r)
	panel := &views.EvidencePanel{}
	switch r.URL.Query().Get("evidence_error") {
	case "type":
		panel.Error = l.T("err.evidence.typeAgain")
	case "size":
		panel.Error = l.T("err.evidence.tooLarge", indicators.MaxEvidence>>20)
	case "year":
		panel.Error = l.T("err.report.year", p.BaseYear+1, p.TargetYear)
	}
	for _, e := range es {
		panel.Rows = append(panel.Rows, views.EvidenceRow{Year: l.T("year.suffix", e.Year), Name: e.Name, Href: fmt.Sprintf("/evidence/%d", e.ID),
			Size: i18n.Num(float64(e.Size)/1024) + " KB", By: l.T("evidence.by", present.Person(people, e.Actor), e.At.Local().Format(time.DateOnly))})
	}
	if u.CanEdit(indicators.Indicator{Department: unit}) {
		f := &views.EvidenceForm{Action: present.PlanHref(p.Code) + "/evidence", Target: "indicator", Code: indicator}
		if project != "" {
			f.Target, f.Code = "project", project
		}
		// every year to this one; the year whose values come in now (last year's) chosen
		now := s.app.Now().Year()
		for y := p.BaseYear + 1; y <= max(min(now, p.TargetYear+5), p.BaseYear+1); y++ {
			f.Years = append(f.Years, views.Option{Value: strconv.Itoa(y), Label: l.T("year.suffix", y), Selected: y == min(now-1, p.TargetYear)})
		}
		panel.Form = f
	}
	return panel
}
