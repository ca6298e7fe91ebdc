package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	xencoding "golang.org/x/text/encoding"
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

// Limits on what a file may hold, so that no file, however made, can take
// the server's memory (README, "Limits"). Text fields have their own,
// smaller limits, checked with their row and column (indicators.TextLimits).
const (
	MaxLineBytes   = 256 << 10 // a physical line of a CSV file
	MaxRecordLines = 64        // lines of one CSV record (line breaks inside quotes)
	MaxCells       = 256       // cells of a row
	MaxRows        = 5_000_000 // rows of a file
	MaxCellBytes   = 64 << 10  // one run of text or one tag in an XLSX part, as stored
)

// Limits for XLSX files, which are zip archives: what each part may
// unpack to, checked before anything is read into memory. Go's zip reader
// refuses a part that unpacks to more than it declares.
const (
	xlsxUnzipLimit   = 1 << 30  // all parts together
	xlsxSheetLimit   = 1 << 30  // a worksheet (read as a stream)
	xlsxStringsLimit = 64 << 20 // the shared strings, held in memory whole
	xlsxPartLimit    = 16 << 20 // styles and every other part
	xlsxXMLMemory    = 16 << 20 // larger worksheets unpack to a temporary file
)

// Options says where an XLSX may unpack its large worksheets: the server's
// own directory rather than the system's temporary one ("" for that).
type Options struct {
	TmpDir string
}

// Open reads the file called name from r: XLSX when it is a zip archive
// (whatever its name), otherwise CSV or tab-separated text. size is r's
// length; an XLSX needs it to find the archive's directory.
func Open(name string, r io.ReaderAt, size int64, opt Options) (Source, error) {
	head := make([]byte, 4)
	n, _ := r.ReadAt(head, 0)
	if n == 4 && bytes.Equal(head, []byte("PK\x03\x04")) {
		if fe := checkXLSX(r, size); fe != nil {
			return nil, fe
		}
		return openXLSX(io.NewSectionReader(r, 0, size), opt)
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".xls" {
		return nil, &indicators.FileError{Row: 1, Msg: indicators.M("sheet.xls")}
	}
	return openCSV(io.NewSectionReader(r, 0, size))
}

// checkXLSX reads an XLSX archive's parts as streams, before excelize
// holds any of them, and refuses one that unpacks to too much, or whose
// text or tags run longer than a cell may (a decompression bomb: a small
// file holding one 900 MB string).
func checkXLSX(r io.ReaderAt, size int64) *indicators.FileError {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return &indicators.FileError{Row: 1, Msg: indicators.M("sheet.xlsx")}
	}
	var total uint64
	for _, f := range zr.File {
		limit := uint64(xlsxPartLimit)
		scan := false
		switch {
		case strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml"):
			limit, scan = xlsxSheetLimit, true
		case f.Name == "xl/sharedStrings.xml":
			limit, scan = xlsxStringsLimit, true
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > limit || total > xlsxUnzipLimit {
			return &indicators.FileError{Row: 1, Msg: indicators.M("sheet.tooBig", f.Name, int(limit>>20))}
		}
		if !scan {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return &indicators.FileError{Row: 1, Msg: indicators.M("sheet.xlsx")}
		}
		row, err := longRun(rc, MaxCellBytes)
		rc.Close()
		switch {
		case errors.Is(err, errLongRun) && f.Name == "xl/sharedStrings.xml":
			return &indicators.FileError{Row: 1, Msg: indicators.M("sheet.longString", MaxCellBytes>>10)}
		case errors.Is(err, errLongRun):
			return &indicators.FileError{Row: max(row, 1), Msg: indicators.M("sheet.longCell", MaxCellBytes>>10)}
		case err != nil:
			return &indicators.FileError{Row: max(row, 1), Msg: indicators.M("sheet.xlsx")}
		}
	}
	return nil
}

var errLongRun = errors.New("a text or tag longer than a cell may be")

// longRun reads XML and fails when a run of text between tags, or a tag,
// is longer than limit bytes; it returns the worksheet row it reached (the
// <row> elements seen), in constant memory.
func longRun(r io.Reader, limit int) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	run, row := 0, 0
	var last [4]byte // the bytes before, to see "<row" go by
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return row, nil
		}
		if err != nil {
			return row, err
		}
		if b == '<' || b == '>' {
			run = 0
		} else if run++; run > limit {
			return row, errLongRun
		}
		copy(last[:], last[1:])
		last[3] = b
		if string(last[:]) == "<row" {
			row++
		}
	}
}

// csvSource reads a CSV file a physical line at a time, checking each line
// in the encoding the file was found to be in, so that a row in another
// encoding is refused at its row rather than read as garbage.
type csvSource struct {
	r        *csv.Reader
	lines    *lineReader
	row      int
	encoding string
}

// sniffSize is how much of a CSV is looked at to tell its encoding and
// delimiter.
const sniffSize = 64 << 10

func openCSV(r io.Reader) (Source, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	lr := &lineReader{src: br}
	s := &csvSource{encoding: "UTF-8", lines: lr}
	var rd io.Reader = lr
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		s.encoding, lr.enc = "UTF-8 BOM", encUTF8
	case bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")):
		// Excel's "Unicode text": UTF-16 with a BOM, tab-separated; its lines
		// are not byte lines, so it is decoded whole (and cannot mix).
		rd = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
		s.encoding, s.lines = "UTF-16", nil
	case looksUTF8(head):
		lr.enc = encUTF8
	default:
		s.encoding, lr.enc = "GB18030", encGB18030
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

// looksUTF8 tells a UTF-8 sample from a GB18030 one by its lines: UTF-8
// when at least as many lines hold valid multi-byte UTF-8 (Chinese in
// GB18030 hardly ever does) as lines that are not UTF-8. A few lines in
// the other encoding are then refused at their rows, instead of turning
// the whole file to garbage.
func looksUTF8(sample []byte) bool {
	utf, bad := 0, 0
	for _, line := range bytes.Split(sample, []byte("\n")) {
		switch {
		case utf8.Valid(line):
			if !isASCII(line) {
				utf++
			}
		case len(line) > 0 && !validUTF8Prefix(line):
			bad++
		}
	}
	return utf >= bad
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

type encoding int

const (
	encUTF8 encoding = iota
	encGB18030
)

// lineError is a line the line reader refuses, with its number.
type lineError struct {
	line int
	msg  indicators.Msg
}

func (e *lineError) Error() string { return e.msg.String() }

// lineReader hands a CSV reader the file's text one physical line at a
// time: each checked against the file's encoding and decoded, no line
// longer than MaxLineBytes, no record longer than MaxRecordLines lines.
type lineReader struct {
	src     *bufio.Reader
	enc     encoding
	line    int // lines read
	inRec   int // lines read inside one open quote (a record running over lines)
	quoted  bool
	pending []byte
	err     error
	gb      *xencoding.Decoder
}

func (l *lineReader) Read(p []byte) (int, error) {
	for len(l.pending) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.next()
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// next reads, checks and decodes one line into pending.
func (l *lineReader) next() {
	var raw []byte
	for {
		chunk, err := l.src.ReadSlice('\n')
		if raw == nil && err != bufio.ErrBufferFull {
			raw = chunk // the whole line in the buffer: no copy (it is used before the next read)
		} else {
			raw = append(raw, chunk...)
		}
		if len(raw) > MaxLineBytes {
			l.err = &lineError{line: l.line + 1, msg: indicators.M("sheet.longLine", MaxLineBytes>>10)}
			return
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			l.err = err
		}
		break
	}
	if len(raw) == 0 {
		return
	}
	l.line++
	// every quote opens or closes a quoted field ("" inside one does both)
	if bytes.Count(raw, []byte{'"'})%2 == 1 {
		l.quoted = !l.quoted
	}
	if !l.quoted {
		l.inRec = 0
	} else if l.inRec++; l.inRec > MaxRecordLines {
		l.err = &lineError{line: l.line, msg: indicators.M("sheet.longRecord", MaxRecordLines)}
		return
	}
	switch l.enc {
	case encUTF8:
		if !utf8.Valid(raw) {
			l.err = &lineError{line: l.line, msg: indicators.M("sheet.mixedEncoding")}
			return
		}
		l.pending = raw
	case encGB18030:
		if !isASCII(raw) && utf8.Valid(raw) {
			// a UTF-8 line in a GB18030 file: decoding it would make garbage
			l.err = &lineError{line: l.line, msg: indicators.M("sheet.mixedEncodingGB")}
			return
		}
		if l.gb == nil {
			l.gb = simplifiedchinese.GB18030.NewDecoder()
		}
		dec, err := l.gb.Bytes(raw)
		if err != nil {
			l.err = &lineError{line: l.line, msg: indicators.M("sheet.mixedEncodingGB")}
			return
		}
		l.pending = dec
	}
}

func (s *csvSource) Next() (int, []string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if err == io.EOF {
			return 0, nil, io.EOF
		}
		var le *lineError
		if errors.As(err, &le) {
			return 0, nil, &indicators.FileError{Row: le.line, Msg: le.msg}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.As(pe.Err, &le) {
				return 0, nil, &indicators.FileError{Row: le.line, Msg: le.msg}
			}
			return 0, nil, &indicators.FileError{Row: s.row + 1,
				Msg: indicators.M("sheet.csv", pe.Line, pe.Column, csvReason(pe.Err))}
		}
		return 0, nil, err
	}
	s.row++
	if len(rec) > MaxCells {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.tooManyCells", MaxCells)}
	}
	if s.row > MaxRows {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.tooManyRows", MaxRows)}
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

func openXLSX(r io.Reader, opt Options) (Source, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLMemory, TmpDir: opt.TmpDir})
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
	if s.row > MaxRows {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.tooManyRows", MaxRows)}
	}
	// Formatted as Excel shows them: "2.30%" stays a percentage, "1,800" a number.
	cells, err := s.rows.Columns()
	if err != nil {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.badRow")}
	}
	if len(cells) > MaxCells {
		return 0, nil, &indicators.FileError{Row: s.row, Msg: indicators.M("sheet.tooManyCells", MaxCells)}
	}
	return s.row, cells, nil
}

func (s *xlsxSource) Encoding() string { return "XLSX" }

func (s *xlsxSource) Close() error { return errors.Join(s.rows.Close(), s.f.Close()) }
