package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"

	"plantrack/indicators"
)

// Entry is one value as typed into the value form or the entry grid.
type Entry struct {
	Indicator string
	Year      string // as typed: 2024, 2024年, full-width digits
	Value     string // as typed: 1,800, 约1800, >1150, 1.8万亿
	Qualifier string // "" for what the value's wording says
	Status    string // "" to keep the current one (preliminary for a new value)
	Source    string
	Note      string
	Target    string // a yearly indicator's target for the year, as worded (6以上); "" for none
	Band      string // the band of a 左右 target
	Break     string // "1" for a series break
}

// entryColumns is the header of the file that entries make: the names the
// import engine reads, and the fields of the value form.
var entryColumns = []string{"indicator", "year", "value", "qualifier", "status", "source", "note", "target", "band", "break"}

// EntryResult is what entering values did or would do.
type EntryResult struct {
	Result indicators.ImportResult
	// ByEntry holds each entry's errors and warnings, by its index.
	ByEntry map[int][]indicators.Issue
	// General are the issues tied to no entry.
	General []indicators.Issue
	// Confirm says that the values look suspicious (warnings) and were not
	// saved: entering them again with confirm set saves them.
	Confirm bool
}

// Refusal is the first value the user may not write, as an error that
// names the department responsible; nil when there is none.
func (r EntryResult) Refusal() error {
	for _, is := range r.Result.Issues {
		if is.Refused {
			return indicators.Unauthorized(is.Msg.Key, is.Msg.Args...)
		}
	}
	return nil
}

// Saved reports whether the values were written (or were all current already).
func (r EntryResult) Saved() bool { return r.Result.OK() && !r.Confirm }

// Enter writes values typed into a form or the grid, as a file of their
// own (named file in the import history) through the one import engine:
// a dry run first, so that errors and warnings come back by entry before
// anything is written; warnings once, as entering them again with
// confirm saves them.
func (a *App) Enter(ctx context.Context, actor indicators.Actor, plan, file string, entries []Entry, confirm bool) (EntryResult, error) {
	rows := [][]string{entryColumns}
	h := sha256.New()
	for _, e := range entries {
		row := []string{e.Indicator, e.Year, e.Value, e.Qualifier, e.Status, e.Source, e.Note, e.Target, e.Band, e.Break}
		io.WriteString(h, strings.Join(row, "\x1f")+"\x1e")
		rows = append(rows, row)
	}
	opt := indicators.ImportOptions{Plan: plan, File: file, SHA256: hex.EncodeToString(h.Sum(nil)), Actor: actor,
		Now: a.now(), DryRun: true, ValuesRequired: true}
	res, err := a.store.ImportActuals(ctx, indicators.Rows(rows), opt)
	if err != nil {
		return EntryResult{}, err
	}
	out := byEntry(res)
	if !res.OK() || (res.Warnings > 0 && !confirm) {
		out.Confirm = res.OK()
		return out, nil
	}
	opt.DryRun = false
	if res, err = a.store.ImportActuals(ctx, indicators.Rows(rows), opt); err != nil {
		return EntryResult{}, err
	}
	return byEntry(res), nil // errors now mean the data changed between the two passes
}

// byEntry sorts an import's issues by the entry (row 2 is entry 0).
func byEntry(res indicators.ImportResult) EntryResult {
	out := EntryResult{Result: res, ByEntry: map[int][]indicators.Issue{}}
	for _, is := range res.Issues {
		if is.Row < 2 {
			out.General = append(out.General, is)
			continue
		}
		out.ByEntry[is.Row-2] = append(out.ByEntry[is.Row-2], is)
	}
	return out
}
