package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"plantrack/indicators"
	"plantrack/store"
	"plantrack/web/present"
	"plantrack/web/views"
)

// reviewLimit is how many values the review page lists at once: the
// oldest first, so the queue empties in order.
const reviewLimit = 500

// handleReview lists the values waiting for review that the reader may
// decide on (reviewers, administrators), or their own units' submitted
// and returned values (editors).
func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	s.reviewPage(w, r, http.StatusOK, "")
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, status int, problem string) {
	l := lang(r)
	u := currentUser(r)
	pending, err := s.app.Pending(r.Context(), *u, reviewLimit)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vm := views.ReviewPage{Page: s.page(r, l.T("review.title"), false), Intro: l.T("review.intro"), Empty: l.T("review.empty"), Error: problem}
	q := r.URL.Query()
	switch {
	case q.Get("done") == string(indicators.Approved) || q.Get("done") == string(indicators.Returned):
		vm.Notice = l.T("review.done."+q.Get("done"), q.Get("ind"), atoi(q.Get("year")))
	case q.Get("done_many") == string(indicators.Approved) || q.Get("done_many") == string(indicators.Returned):
		vm.Notice = l.T("review.doneMany."+q.Get("done_many"), atoi(q.Get("n")))
	}
	names := s.departmentNames(r)
	people := s.people(r)
	for _, pv := range pending {
		o := pv.Value
		row := views.ReviewRow{Plan: l.Pick(pv.PlanName.Zh, pv.PlanName.En), PlanHref: present.PlanHref(pv.Plan),
			Indicator: l.Pick(pv.IndicatorName.Zh, pv.IndicatorName.En), IndicatorHref: present.IndicatorHref(pv.Plan, pv.Indicator),
			Unit: present.DepartmentName(names, pv.Unit), Year: l.T("year.suffix", o.Year),
			Value: present.FigureText(l, o) + " " + l.UnitLabel(pv.Measure), Previous: "—", By: present.Person(people, o.Actor),
			At: o.At.Local().Format("2006-01-02 15:04"), State: string(o.Review), StateLabel: l.T("review." + string(o.Review)),
			Comment: o.ReviewNote, PlanCode: pv.Plan, Code: pv.Indicator, YearValue: strconv.Itoa(o.Year), Revision: strconv.Itoa(o.Revision)}
		if pv.Previous != nil {
			row.Previous = present.Figure(*pv.Previous)
		}
		row.CanDecide = o.Review == indicators.Submitted && u.CanReview(indicators.Indicator{Department: pv.Unit})
		vm.Bulk = vm.Bulk || row.CanDecide
		vm.Rows = append(vm.Rows, row)
	}
	s.render(w, r, status, views.ReviewView(vm))
}

// handleDecide records a reviewer's decision and goes back to the list.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10) // five short fields and a comment
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("comment", "err.review.comment"))
		return
	}
	f := r.PostForm
	v := store.ValueRef{Plan: f.Get("plan"), Indicator: f.Get("indicator"), Year: atoi(f.Get("year")), Revision: atoi(f.Get("revision"))}
	decision := indicators.ReviewState(f.Get("decision"))
	err := s.app.Review(r.Context(), actor(r), v, decision, f.Get("comment"))
	switch {
	case err == nil:
		http.Redirect(w, r, "/review?"+(url.Values{"done": {string(decision)}, "ind": {v.Indicator}, "year": {strconv.Itoa(v.Year)}}).Encode(), http.StatusSeeOther)
	case indicators.KindOf(err) == indicators.ErrInvalid || indicators.KindOf(err) == indicators.ErrConflict:
		// the list again, saying what was refused: nothing was written
		s.reviewPage(w, r, httpStatus(err), userMessage(err, lang(r)))
	default:
		s.pageError(w, r, err)
	}
}

// handleDecideMany records one decision on the values ticked in the list:
// all of them, or none when one cannot be decided.
func (s *Server) handleDecideMany(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10) // reviewLimit references and a comment
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, indicators.Invalid("values", "err.review.none"))
		return
	}
	var vs []store.ValueRef
	for _, ref := range r.PostForm["v"] {
		parts := strings.Split(ref, "|")
		if len(parts) != 4 || len(vs) >= reviewLimit {
			s.pageError(w, r, indicators.Invalid("values", "err.review.none"))
			return
		}
		vs = append(vs, store.ValueRef{Plan: parts[0], Indicator: parts[1], Year: atoi(parts[2]), Revision: atoi(parts[3])})
	}
	decision := indicators.ReviewState(r.PostForm.Get("decision"))
	err := s.app.ReviewMany(r.Context(), actor(r), vs, decision, r.PostForm.Get("comment"))
	switch {
	case err == nil:
		http.Redirect(w, r, "/review?"+(url.Values{"done_many": {string(decision)}, "n": {strconv.Itoa(len(vs))}}).Encode(), http.StatusSeeOther)
	case indicators.KindOf(err) == indicators.ErrInvalid || indicators.KindOf(err) == indicators.ErrConflict:
		s.reviewPage(w, r, httpStatus(err), userMessage(err, lang(r)))
	default:
		s.pageError(w, r, err)
	}
}

// atoi reads a whole number from a form, 0 when it is none.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
