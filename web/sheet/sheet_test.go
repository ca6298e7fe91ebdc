package sheet_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"plantrack/indicators"
	"plantrack/web/sheet"
)

func readAll(t testing.TB, name string, b []byte) ([][]string, string, error) {
	t.Helper()
	src, err := sheet.Open(name, bytes.NewReader(b), int64(len(b)), sheet.Options{})
	if err != nil {
		return nil, "", err
	}
	defer src.Close()
	var rows [][]string
	for {
		_, cells, err := src.Next()
		if err == io.EOF {
			return rows, src.Encoding(), nil
		}
		if err != nil {
			return rows, src.Encoding(), err
		}
		rows = append(rows, append([]string(nil), cells...))
	}
}

var want = [][]string{
	{"指标代码", "年份", "数值", "来源", "备注"},
	{"rd_intensity", "2024", "2.6", "统计公报", "“初步数”"},
	{"rd_intensity", "2025", "约2.7", "预计", ""},
	{"", "", "", "", ""},
}

// The same table as Excel on Chinese Windows saves it (GB18030, CRLF,
// trailing empty rows), as UTF-8 with a BOM, and as "Unicode text"
// (UTF-16, tab-separated) reads the same, with no mojibake.
func TestEncodings(t *testing.T) {
	for file, enc := range map[string]string{"gb18030.csv": "GB18030", "bom.csv": "UTF-8 BOM", "utf16.txt": "UTF-16"} {
		b, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		rows, got, err := readAll(t, file, b)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if got != enc {
			t.Errorf("%s read as %s, want %s", file, got, enc)
		}
		// the blank line after the empty-cells row is no row at all
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("%s:\n got %q\nwant %q", file, rows, want)
		}
	}
}

// A file that turns from UTF-8 into GB18030 halfway is refused at the row
// where it changes, rather than read as mojibake.
func TestMixedEncodingRefused(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "mixed.csv"))
	rows, _, err := readAll(t, "mixed.csv", b)
	var fe *indicators.FileError
	if !errors.As(err, &fe) || fe.Row != 3 || len(rows) != 2 {
		t.Fatalf("rows %q, err %v", rows, err)
	}
}

func TestBadQuoteNamesTheRow(t *testing.T) {
	_, _, err := readAll(t, "q.csv", []byte("indicator,year,value\na,2024,1\nb,2024,\"2\n"))
	var fe *indicators.FileError
	if !errors.As(err, &fe) || fe.Row != 3 || fe.Msg.Key != "sheet.csv" {
		t.Fatalf("%v", err)
	}
}

func TestSemicolonsAndTabs(t *testing.T) {
	rows, _, err := readAll(t, "s.csv", []byte("indicator;year;value\r\na;2024;1,5\r\n"))
	if err != nil || !reflect.DeepEqual(rows[1], []string{"a", "2024", "1,5"}) {
		t.Fatalf("%q %v", rows, err)
	}
}

// What the writer makes, the reader reads back: CSV with its BOM and the
// apostrophes that defuse formulas, and an XLSX written by excelize, with
// numbers as numbers and text that looks like a formula kept as text.
func TestWriteThenRead(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		var buf bytes.Buffer
		w, err := sheet.NewWriter(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		w.Row("indicator", "year", "value", "note")
		w.Row("a", 2024, 1800.5, "=HYPERLINK(\"x\")")
		w.Row("b", 2025, -13.5, "全角１，８００")
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		rows, enc, err := readAll(t, "out."+format, buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		note := "=HYPERLINK(\"x\")"
		if format == "csv" {
			note = "'" + note // the importer's header reader takes it off again
			if enc != "UTF-8 BOM" {
				t.Errorf("csv written as %s", enc)
			}
		} else if enc != "XLSX" {
			t.Errorf("xlsx read as %s", enc)
		}
		wantRows := [][]string{{"indicator", "year", "value", "note"}, {"a", "2024", "1800.5", note}, {"b", "2025", "-13.5", "全角１，８００"}}
		if !reflect.DeepEqual(rows, wantRows) {
			t.Errorf("%s:\n got %q\nwant %q", format, rows, wantRows)
		}
	}
}

func TestOldXLSRefused(t *testing.T) {
	if _, _, err := readAll(t, "old.xls", []byte("\xd0\xcf\x11\xe0 not really")); err == nil {
		t.Fatal("an .xls was read")
	}
}

// FuzzReadCSV feeds the reader arbitrary bytes: it must never panic, and
// every row it returns must be valid UTF-8 (no mojibake passed on).
func FuzzReadCSV(f *testing.F) {
	for _, file := range []string{"gb18030.csv", "bom.csv", "utf16.txt", "mixed.csv"} {
		b, _ := os.ReadFile(filepath.Join("testdata", file))
		f.Add(b)
	}
	f.Add([]byte("a,b\n\"x\"\"y\",2\n"))
	f.Add([]byte("\xef\xbb\xbf"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := sheet.Open("f.csv", bytes.NewReader(b), int64(len(b)), sheet.Options{})
		if err != nil {
			return
		}
		defer src.Close()
		for range 10000 {
			_, cells, err := src.Next()
			if err != nil {
				return
			}
			for _, c := range cells {
				if !utf8Valid(c) {
					t.Fatalf("invalid UTF-8 cell %q (%s)", c, src.Encoding())
				}
			}
		}
	})
}

func utf8Valid(s string) bool {
	return bytes.Equal([]byte(s), bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
}
