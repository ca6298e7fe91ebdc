package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"plantrack/indicators"
)

// TestReviewRoundInChromium is 填报 → 审核 as the two people do it: the
// editor enters a value into a plan under review (submitted: the dashboard
// does not move), the reviewer returns it with a reason, the editor sees
// the reason and sends it again, the reviewer approves it, and only then
// does the dashboard show it.
func TestReviewRoundInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	withAccounts(t, e)
	in := inspect(t, ctx)
	bg := context.Background()
	p, err := e.store.Plan(bg, "demo")
	if err != nil {
		t.Fatal(err)
	}
	p.Review = true
	if err := e.store.SavePlan(bg, indicators.LocalActor("test"), p, false, clock()); err != nil {
		t.Fatal(err)
	}
	row := func() string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(e.URL+"/plans/demo"), chromedp.WaitReady(chromedp.CSS(`[data-drawn="true"]`))); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`[...document.querySelectorAll('table tr')].find(r => r.textContent.includes('rd_intensity')).textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(text), " ")
	}
	logout := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS("form.logout")), chromedp.WaitReady(chromedp.CSS(".notice"))); err != nil {
			t.Fatal(err)
		}
	}
	enter := func() {
		t.Helper()
		err := chromedp.Do(ctx, append(signIn(e, "editor", "/plans/demo/indicators/rd_intensity", "form#entry-form"),
			chromedp.SetValue(chromedp.CSS("#f-year"), "2025"),
			chromedp.SetValue(chromedp.CSS("#f-value"), "2.62"),
			chromedp.SetValue(chromedp.CSS("#f-source"), "2025年统计公报"),
			chromedp.Submit(chromedp.CSS("form#entry-form")),
			chromedp.WaitReady(chromedp.CSS("#pending-h")),
		)...)
		if err != nil {
			t.Fatal(err)
		}
	}
	before := row()
	if strings.Contains(before, "2.62") {
		t.Fatalf("the value is there before it is entered: %s", before)
	}
	enter()
	in.shot(t, "review-submitted")
	pending, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("section.pending")))
	if !strings.Contains(pending, "2.62") || !strings.Contains(pending, "待审核") {
		t.Errorf("the editor does not see the value waiting: %q", pending)
	}
	if got := row(); got != before {
		t.Errorf("a submitted value moved the dashboard:\nbefore %s\nafter  %s", before, got)
	}
	logout()
	// the reviewer returns it with a reason
	if err := chromedp.Do(ctx, signIn(e, "reviewer", "/review", "form.review-form")...); err != nil {
		t.Fatal(err)
	}
	in.shot(t, "review-list")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("form.review-form input[name=comment]"), "请附统计公报页码"),
		chromedp.Click(chromedp.CSS(`form.review-form button[value="returned"]`)),
		chromedp.WaitReady(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "review-returned")
	logout()
	// the editor sees why, and sends it again
	err = chromedp.Do(ctx, signIn(e, "editor", "/review", "table.review")...)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("table.review")))
	if !strings.Contains(list, "已退回") || !strings.Contains(list, "请附统计公报页码") {
		t.Errorf("the editor's list does not say it was returned and why: %q", list)
	}
	logout()
	enter()
	logout()
	// the reviewer approves: now it counts
	err = chromedp.Do(ctx, append(signIn(e, "reviewer", "/review", "form.review-form"),
		chromedp.Click(chromedp.CSS(`form.review-form button[value="approved"]`)),
		chromedp.WaitReady(chromedp.CSS(".notice")),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	empty, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(empty, "没有待审核的数值") {
		t.Errorf("the list is not empty after approval: %q", empty)
	}
	after := row()
	in.shot(t, "review-approved")
	if !strings.Contains(after, "2.62") || after == before {
		t.Errorf("the approved value is not on the dashboard:\nbefore %s\nafter  %s", before, after)
	}
	in.clean(t)
	// each step is in the audit log
	for _, action := range []string{"return", "approve"} {
		es, err := e.store.Audit(bg, indicators.AuditFilter{Action: action, Entity: "observation"}, 5)
		if err != nil || len(es) != 1 || es[0].Actor != "rev.sci" {
			t.Errorf("audit %s: %+v %v", action, es, err)
		}
	}
}

// TestProjectsInChromium uses the projects page as a person does: the
// timeline draws, the status filter narrows the list, a project's page
// opens with its investment chart and says why it is late.
func TestProjectsInChromium(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	in := inspect(t, ctx)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.URL+"/plans/demo/projects"),
		chromedp.WaitReady(chromedp.CSS(`#timeline-chart[data-drawn="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "projects")
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "delayed"),
		chromedp.Submit(chromedp.CSS("form.filters")),
		chromedp.WaitReady(chromedp.CSS(`#projects-table tbody tr[data-status="p-delayed"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#projects-table tbody tr').length`))
	if err != nil || n != 1 {
		t.Errorf("%d rows after filtering by delayed (%v)", n, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#projects-table tbody tr a`)),
		chromedp.WaitReady(chromedp.CSS(`#investment-chart[data-drawn="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	in.shot(t, "project")
	why, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".verdict")))
	if !strings.Contains(why, "滞后") || !strings.Contains(why, "主体结构封顶") {
		t.Errorf("the project's page does not say why: %q", why)
	}
	in.clean(t)
}
