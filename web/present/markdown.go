package present

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

var (
	headingID = regexp.MustCompile(`\s*\{#([a-z0-9-]+)\}\s*$`)
	codeSpan  = regexp.MustCompile("`([^`]+)`")
	strong    = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	ordered   = regexp.MustCompile(`^\d+\.\s+`)
)

// Markdown turns the project's own documents (docs/method.md) into HTML:
// headings with their {#anchor}, paragraphs, lists, tables, `code` and
// **bold**, which is all they use. Every text is escaped.
func Markdown(src []byte) []byte {
	var b bytes.Buffer
	var para []string
	var list string // "ul", "ol" or ""
	var table [][]string
	inline := func(s string) string {
		s = html.EscapeString(s)
		s = codeSpan.ReplaceAllString(s, "<code>$1</code>")
		return strong.ReplaceAllString(s, "<strong>$1</strong>")
	}
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
		if len(table) > 0 {
			b.WriteString("<div class=\"table-wrap\"><table class=\"plain\">\n<thead><tr>")
			for _, c := range table[0] {
				b.WriteString("<th>" + inline(c) + "</th>")
			}
			b.WriteString("</tr></thead>\n<tbody>\n")
			for _, row := range table[1:] {
				b.WriteString("<tr>")
				for _, c := range row {
					b.WriteString("<td>" + inline(c) + "</td>")
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</tbody></table></div>\n")
			table = nil
		}
	}
	item := func(kind, text string) {
		if list != kind {
			flush()
			list = kind
			b.WriteString("<" + kind + ">\n")
		}
		b.WriteString("<li>" + inline(text) + "</li>\n")
	}
	for _, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "#"):
			flush()
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			text := strings.TrimSpace(trimmed[level:])
			id := ""
			if m := headingID.FindStringSubmatch(text); m != nil {
				id, text = ` id="`+m[1]+`"`, headingID.ReplaceAllString(text, "")
			}
			tag := "h" + string(rune('0'+min(level, 6)))
			b.WriteString("<" + tag + id + ">" + inline(text) + "</" + tag + ">\n")
		case strings.HasPrefix(trimmed, "|"):
			cells := strings.Split(strings.Trim(trimmed, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
				continue // the row under a table's head
			}
			if len(para) > 0 || list != "" {
				flush()
			}
			table = append(table, cells)
		case strings.HasPrefix(trimmed, "- "):
			item("ul", strings.TrimPrefix(trimmed, "- "))
		case ordered.MatchString(trimmed) && (list == "ol" || len(para) == 0):
			item("ol", ordered.ReplaceAllString(trimmed, ""))
		case list != "" && strings.HasPrefix(line, "  "):
			// a list item's continuation line: glue it onto the item
			out := b.Bytes()
			if i := bytes.LastIndex(out, []byte("</li>")); i >= 0 {
				b.Truncate(i)
				b.WriteString(" " + inline(trimmed) + "</li>\n")
			}
		default:
			if list != "" || len(table) > 0 {
				flush()
			}
			para = append(para, trimmed)
		}
	}
	flush()
	return b.Bytes()
}
