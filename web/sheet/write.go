package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"plantrack/indicators"
)

// Writer writes a table row by row as CSV or XLSX. Cells are strings,
// float64, int or Number: numbers stay numbers in both formats.
type Writer interface {
	Row(cells ...any) error
	// Close finishes the file; nothing is complete before it.
	Close() error
}

// NewWriter writes format ("csv" or "xlsx") to w. The first row written is
// the header.
func NewWriter(w io.Writer, format string) (Writer, error) {
	switch format {
	case "csv":
		if _, err := io.WriteString(w, "\ufeff"); err != nil { // so Excel reads UTF-8
			return nil, err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		return &csvWriter{w: cw}, nil
	case "xlsx":
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		return &xlsxWriter{f: f, sw: sw, out: w}, nil
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// Number is a figure written with the decimals it was published with:
// 67.00 stays 67.00 (a number in XLSX, shown with two decimals).
type Number struct {
	Value    float64
	Decimals int
}

// Text makes a text cell safe to open in a spreadsheet: a cell that starts
// with = + - @ (or a tab or carriage return) would be run as a formula, so
// it gets a leading apostrophe, which spreadsheets show as text and the
// importer takes off again.
func Text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type csvWriter struct {
	w   *csv.Writer
	rec []string
}

func (c *csvWriter) Row(cells ...any) error {
	c.rec = c.rec[:0]
	for _, x := range cells {
		switch v := x.(type) {
		case string:
			c.rec = append(c.rec, Text(v))
		case float64:
			// numbers are written as numbers: a negative value is no formula
			c.rec = append(c.rec, strconv.FormatFloat(v, 'f', -1, 64))
		case Number:
			c.rec = append(c.rec, indicators.FormatDecimals(v.Value, v.Decimals))
		case int:
			c.rec = append(c.rec, strconv.Itoa(v))
		case nil:
			c.rec = append(c.rec, "")
		default:
			return fmt.Errorf("sheet: cell of type %T", x)
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

type xlsxWriter struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	out    io.Writer
	row    int
	styles map[int]int // number format style by decimals
}

func (x *xlsxWriter) Row(cells ...any) error {
	x.row++
	if x.row == 1 {
		// wide enough columns for codes, names and notes
		for i := range cells {
			if err := x.sw.SetColWidth(i+1, i+1, 16); err != nil {
				return err
			}
		}
		if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	vals := make([]any, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case string:
			// an inline string cell is text, never a formula
			vals[i] = excelize.Cell{Value: v}
		case Number:
			if v.Decimals <= 0 {
				vals[i] = v.Value
				continue
			}
			id, err := x.style(v.Decimals)
			if err != nil {
				return err
			}
			vals[i] = excelize.Cell{StyleID: id, Value: v.Value}
		default:
			vals[i] = c
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, vals)
}

// style is the cell style that shows a number with decimals places.
func (x *xlsxWriter) style(decimals int) (int, error) {
	if id, ok := x.styles[decimals]; ok {
		return id, nil
	}
	format := "0." + strings.Repeat("0", decimals)
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, err
	}
	if x.styles == nil {
		x.styles = map[int]int{}
	}
	x.styles[decimals] = id
	return id, nil
}

func (x *xlsxWriter) Close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return err
	}
	return x.f.Close()
}
