package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"plantrack/indicators"
)

// Source is a file's rows, read one at a time.
type Source interface {
	// Next returns the next row's number (1-based, as a spreadsheet counts)
	// and cells; io.EOF after the last row. An *indicators.FileError says what is wrong
	// with the file at a row.
	Next() (row int, cells []string, err error)
	// Encoding names what the file was read as: "UTF-8", "UTF-8 BOM",
	// "GB18030", "UTF-16" or "XLSX".
	Encoding() string
	Close() error
}

// ErrFormat is returned by Open for a file that is neither CSV nor XLSX.
var ErrFormat = errors.New("not a CSV or XLSX file")

// Limits for XLSX files, which are zip archives: what a sheet may unpack to.
const (
	xlsxUnzipLimit = 1 << 30
	xlsxXMLMemory  = 16 << 20 // larger worksheets unpack to a temporary file
)

// Open reads the file called name from r: XLSX when it is a zip archive
// (whatever its name), otherwise CSV or tab-separated text. size is r's
// length; an XLSX needs it to find the archive's directory.
func Open(name string, r io.ReaderAt, size int64) (Source, error) {
	head := make([]byte, 4)
	n, _ := r.ReadAt(head, 0)
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		return openXLSX(io.NewSectionReader(r, 0, size))
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".xls" {
		return nil, &indicators.FileError{Row: 1, Msg: indicators.M("sheet.xls")}
	}
	return openCSV(io.NewSectionReader(r, 0, size))
}

type csvSource struct {
	r        *csv.Reader
	row      int
	encoding string
	checkUTF bool
}

// sniffSize is how much of a CSV is looked at to tell its encoding and
// delimiter.
const sniffSize = 64 << 10

func openCSV(r io.Reader) (Source, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	var rd io.Reader = br
	s := &csvSource{encoding: "UTF-8"}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		s.encoding, s.checkUTF = "UTF-8 BOM", true
	case bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")):
		// Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
		rd = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
		s.encoding = "UTF-16"
	case validUTF8Prefix(head):
		s.checkUTF = true
	default:
		rd = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		s.encoding = "GB18030"
	}
	bufd := bufio.NewReaderSize(rd, sniffSize)
	first, _ := bufd.Peek(sniffSize)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	s.r = csv.NewReader(bufd)
	s.r.Comma = delimiter(first)
	s.r.FieldsPerRecord = -1
	s.r.ReuseRecord = true
	return s, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a character cut off
// at the end of the sample.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return len(b) == 0
}

// delimiter picks the separator of a header line: comma, tab or semicolon,
// whichever occurs most outside quotes.
func delimiter(line []byte) rune {
	best, most := ',', 0
	for _, d := range []rune{',', '\t', ';'} {
		if n := bytes.Count(line, []byte(string(d))); n > most {
			best, most = d, n
		}
	}
	return best
}

func (s *csvSource) Next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, &indicators.FileError{Row: s.row + 1,
				Msg: indicators.M("sheet.csv", pe.Line, pe.Column, csvReason(pe.Err))}
		}
		return 0, nil, err
	}
	s.row++
	if s.checkUTF {
		for _, c := range rec {
			if !utf8.ValidString(c) {
				return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.mixedEncoding")}
			}
		}
	}
	return s.row, rec, nil
}

func csvReason(err error) indicators.Msg {
	if errors.Is(err, csv.ErrQuote) || errors.Is(err, csv.ErrBareQuote) {
		return indicators.M("sheet.quote")
	}
	return indicators.M("sheet.unparsable")
}

func (s *csvSource) Encoding() string { return s.encoding }
func (s *csvSource) Close() error     { return nil }

type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

func openXLSX(r io.Reader) (Source, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLMemory})
	if err != nil {
		return nil, &indicators.FileError{Row: 1, Msg: indicators.M("sheet.xlsx")}
	}
	// The first visible sheet, as Excel opens it.
	sheet := ""
	for _, name := range f.GetSheetList() {
		if v, err := f.GetSheetVisible(name); err == nil && v {
			sheet = name
			break
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, &indicators.FileError{Row: 1, Msg: indicators.M("sheet.noSheet")}
	}
	return &xlsxSource{f: f, rows: rows}, nil
}

func (s *xlsxSource) Next() (int, []string, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, &indicators.FileError{Row: s.row + 1, Msg: indicators.M("sheet.unreadable")}
		}
		return 0, nil, io.EOF
	}
	s.row++
	// Formatted as Excel shows them: "2.30%" stays a percentage, "1,800" a number.
	cells, err := s.rows.Columns()
	if err != nil {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.badRow")}
	}
	return s.row, cells, nil
}

func (s *xlsxSource) Encoding() string { return "XLSX" }

func (s *xlsxSource) Close() error { return errors.Join(s.rows.Close(), s.f.Close()) }
