package present

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"plantrack/web/i18n"
)

// AuditChanges turns an audit entry's before and after (JSON) into lines
// an auditor reads: "field: old → new" for each field that differs, a new
// object's fields that have a value, nested objects flattened
// (Target.Value), fields in the order the record has them, an import's
// figures last, one line each; field names and coded values in the
// language where the catalog knows them.
func AuditChanges(l i18n.Lang, before, after string) []string {
	b, a := flatten(before), flatten(after)
	old := make(map[string]string, len(b))
	for _, f := range b {
		old[f.key] = f.text
	}
	seen := make(map[string]bool, len(a))
	var out, figures []string
	line := func(f field, had bool, was string) {
		name := Word(l, "field.", f.key)
		now := f.text
		if prefix, ok := valueKeys[f.key]; ok {
			was, now = Word(l, prefix, was), Word(l, prefix, now)
		}
		switch {
		case f.figure:
			figures = append(figures, f.key+l.T("punct.colon")+now)
		case f.key == "": // not a record: as it is
			out = append(out, now)
		case !had:
			out = append(out, name+l.T("punct.colon")+now)
		default:
			out = append(out, name+l.T("punct.colon")+Transition(was, now))
		}
	}
	for _, f := range a {
		seen[f.key] = true
		was, had := old[f.key]
		if (had && was == f.text) || (!had && before == "" && f.text == "—") {
			continue // unchanged, or a new record's empty field
		}
		line(f, had, was)
	}
	for _, f := range b {
		if !seen[f.key] && after != "" {
			f.text, f.figure = "—", false
			line(f, true, old[f.key])
		}
	}
	return append(out, figures...)
}

// valueKeys names the catalog families whose words a field's values are.
var valueKeys = map[string]string{"Attribute": "attr.", "Direction": "dir.", "Target.Kind": "kind.", "Role": "role.", "kind": "report.kind."}

// Word is a recorded word in the language: the catalog's entry family+w,
// or w as recorded where the catalog has none (an older version wrote it).
func Word(l i18n.Lang, family, w string) string {
	if t := l.T(family + w); t != family+w {
		return t
	}
	return w
}

// field is one field of a flattened record.
type field struct {
	key, text string
	figure    bool // one figure of an import's list of changes: "indicator year" → "old → new"
}

// flatten reads a JSON object into its fields in their order, nested
// objects joined by dots; a value that is not an object is the field "".
func flatten(js string) []field {
	if strings.TrimSpace(js) == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	var out []field
	var walk func(prefix string) error
	walk = func(prefix string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key := k.(string)
				if prefix != "" {
					key = prefix + "." + key
				}
				if err := walk(key); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			var xs []json.RawMessage
			for dec.More() {
				var x json.RawMessage
				if err := dec.Decode(&x); err != nil {
					return err
				}
				xs = append(xs, x)
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			if figures, ok := changeList(xs); ok {
				out = append(out, figures...)
				return nil
			}
			parts := make([]string, len(xs))
			for i, x := range xs {
				parts[i] = element(x)
			}
			out = append(out, field{key: prefix, text: clip(strings.Join(parts, "、"))})
			return nil
		}
		out = append(out, field{key: prefix, text: clip(text(tok))})
		return nil
	}
	if err := walk(""); err != nil {
		return []field{{key: "", text: clip(js)}}
	}
	return out
}

// element writes one element of a list: a word as it is, an object as its
// values (an interim target {"Year":2027,"Value":110} is "2027: 110").
func element(x json.RawMessage) string {
	fs := flatten(string(x))
	if len(fs) == 1 && fs[0].key == "" {
		return fs[0].text
	}
	vs := make([]string, len(fs))
	for i, f := range fs {
		vs[i] = f.text
	}
	if len(vs) == 2 {
		return vs[0] + ": " + vs[1]
	}
	return strings.Join(vs, " / ")
}

// changeList reads a small import's list of changes (objects with an
// indicator, a year, the new and perhaps the old figure): one field each.
func changeList(xs []json.RawMessage) ([]field, bool) {
	if len(xs) == 0 {
		return nil, false
	}
	out := make([]field, 0, len(xs))
	for _, x := range xs {
		var c struct {
			Indicator *string
			Year      *json.Number
			Old, New  *json.Number
		}
		if err := json.Unmarshal(x, &c); err != nil || c.Indicator == nil || c.Year == nil {
			return nil, false
		}
		num := func(n *json.Number) string {
			if n == nil {
				return ""
			}
			return n.String()
		}
		out = append(out, field{key: *c.Indicator + " " + num(c.Year), text: Transition(num(c.Old), num(c.New)), figure: true})
	}
	return out, true
}

// text writes a JSON value for people: times as the server's local time.
func text(tok json.Token) string {
	switch x := tok.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.Local().Format("2006-01-02 15:04:05")
		}
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "✓"
		}
		return "✗"
	}
	return "—"
}

// clip shortens a long text for a table cell.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 200 {
		return s
	}
	return string([]rune(s)[:200]) + "…"
}
