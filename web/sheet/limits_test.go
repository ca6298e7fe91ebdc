package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

// bomb is an XLSX-shaped archive whose part name unpacks to n bytes: a
// tag, then n bytes of one letter (streamed, so the test never holds them),
// then the closing tag. A few hundred KB on disk.
func bomb(t *testing.T, name, open, close string, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	} {
		w, _ := zw.Create(p.name)
		io.WriteString(w, p.body)
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, open)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for left := n; left > 0; left -= len(chunk) {
		w.Write(chunk[:min(left, len(chunk))])
	}
	io.WriteString(w, close)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// allocated runs f and reports the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Decompression bombs are refused before anything is unpacked into memory:
// a cell of 80 MB inline text, shared strings of 80 MB, styles of 24 MB,
// and one 1 MB shared string, each with a message that says what and
// where, in a few MB of memory.
func TestXLSXBombsRefused(t *testing.T) {
	sheetOpen := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`
	sheetClose := `</t></is></c></row></sheetData></worksheet>`
	for _, tc := range []struct {
		name, part, open, close string
		size                    int
		key                     string
		row                     int
	}{
		{"inline cell", "xl/worksheets/sheet1.xml", sheetOpen, sheetClose, 80 << 20, "sheet.longCell", 1},
		{"shared strings", "xl/sharedStrings.xml", "<sst><si><t>", "</t></si></sst>", 80 << 20, "sheet.tooBig", 1},
		{"styles", "xl/styles.xml", "<styleSheet><numFmts>", "</numFmts></styleSheet>", 24 << 20, "sheet.tooBig", 1},
		{"one long string", "xl/sharedStrings.xml", "<sst><si><t>", "</t></si></sst>", 1 << 20, "sheet.longString", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := bomb(t, tc.part, tc.open, tc.close, tc.size)
			if len(b) > 1<<20 {
				t.Fatalf("the bomb is %d bytes: not a bomb", len(b))
			}
			var err error
			used := allocated(func() { _, _, err = readAll(t, "bomb.xlsx", b) })
			var fe *indicators.FileError
			if !errors.As(err, &fe) || fe.Msg.Key != tc.key || fe.Row != tc.row {
				t.Fatalf("%d-byte file unpacking to %d MB: %v", len(b), tc.size>>20, err)
			}
			if used > 16<<20 {
				t.Errorf("refusing it allocated %d MB", used>>20)
			}
			t.Logf("%d KB file, %d MB unpacked: refused (%s) after allocating %.1f MB", len(b)>>10, tc.size>>20, tc.key, float64(used)/(1<<20))
		})
	}
}

// CSV lines, records and rows are bounded as they are read.
func TestCSVLimits(t *testing.T) {
	long := "indicator,year,value,source\nrd,2024,1,ok\nrd,2023,1," + strings.Repeat("x", sheet.MaxLineBytes+1) + "\n"
	_, _, err := readAll(t, "long.csv", []byte(long))
	var fe *indicators.FileError
	if !errors.As(err, &fe) || fe.Row != 3 || fe.Msg.Key != "sheet.longLine" {
		t.Errorf("a long line: %v", err)
	}
	open := "indicator,year,value,note\nrd,2024,1,\"" + strings.Repeat("line\n", sheet.MaxRecordLines+5) + "\"\n"
	if _, _, err := readAll(t, "open.csv", []byte(open)); !errors.As(err, &fe) || fe.Msg.Key != "sheet.longRecord" {
		t.Errorf("a record without its closing quote: %v", err)
	}
	wide := "a" + strings.Repeat(",a", sheet.MaxCells) + "\n"
	if _, _, err := readAll(t, "wide.csv", []byte(wide)); !errors.As(err, &fe) || fe.Row != 1 || fe.Msg.Key != "sheet.tooManyCells" {
		t.Errorf("a row of %d cells: %v", sheet.MaxCells+1, err)
	}
}

// A row in another encoding is refused at its row, never read as mojibake:
// a GBK row in a UTF-8 file (inside the part the encoding is told from), a
// Latin-1 byte in a UTF-8 file, a UTF-8 row in a GB18030 file.
func TestMixedEncodingsByRow(t *testing.T) {
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name, file string
		row        int
		key        string
	}{
		{"GBK row in UTF-8", "指标代码,年份,数值,来源\nrd,2023,1,统计公报\n" + gbk("rd,2024,2,统计公报\n") + "rd,2025,3,快报\n", 3, "sheet.mixedEncoding"},
		{"Latin-1 byte in UTF-8", "指标代码,年份,数值,来源\nrd,2023,1,caf\xe9\n", 2, "sheet.mixedEncoding"},
		{"UTF-8 row in GB18030", gbk("指标代码,年份,数值,来源\nrd,2023,1,统计公报\n") + "rd,2024,2,统计公报\n", 3, "sheet.mixedEncodingGB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, _, err := readAll(t, "f.csv", []byte(tc.file))
			var fe *indicators.FileError
			if !errors.As(err, &fe) || fe.Row != tc.row || fe.Msg.Key != tc.key {
				t.Fatalf("rows %q, err %v", rows, err)
			}
			for _, r := range rows {
				for _, c := range r {
					if strings.ContainsRune(c, '\uFFFD') || strings.Contains(c, "缁") {
						t.Errorf("mojibake read: %q", c)
					}
				}
			}
		})
	}
	// a GB18030 file, wholly, still reads
	rows, enc, err := readAll(t, "gb.csv", []byte(gbk("指标代码,年份,数值,来源\nrd,2023,1,统计公报\n")))
	if err != nil || enc != "GB18030" || rows[1][3] != "统计公报" {
		t.Errorf("GB18030: %q %s %v", rows, enc, err)
	}
}
