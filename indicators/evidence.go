package indicators

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"time"
	"unicode"
)

// MaxEvidence is the largest evidence file (支撑材料) accepted: 20 MB.
const MaxEvidence = 20 << 20

// EvidenceType is a kind of evidence file, known from its content.
type EvidenceType struct {
	Ext, ContentType string
}

// Evidence types: what an office attaches to a value or a project's year.
var (
	EvidencePDF  = EvidenceType{".pdf", "application/pdf"}
	EvidencePNG  = EvidenceType{".png", "image/png"}
	EvidenceJPEG = EvidenceType{".jpg", "image/jpeg"}
	EvidenceDOCX = EvidenceType{".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
	EvidenceXLSX = EvidenceType{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
)

// SniffEvidence tells an evidence file's type from its content alone: the
// PDF, PNG or JPEG signature, or a ZIP holding a Word document or an Excel
// workbook. Anything else, an HTML page named .pdf included, is refused.
func SniffEvidence(data []byte) (EvidenceType, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return EvidencePDF, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return EvidencePNG, true
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return EvidenceJPEG, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return EvidenceType{}, false
		}
		for _, f := range z.File {
			switch f.Name {
			case "word/document.xml":
				return EvidenceDOCX, true
			case "xl/workbook.xml":
				return EvidenceXLSX, true
			}
		}
	}
	return EvidenceType{}, false
}

// Evidence is a file attached to an indicator's value of a year or to a
// project's year, with who attached it and when.
type Evidence struct {
	ID        int64
	Indicator string // the indicator, for a value's evidence
	Project   string // the project, for a project year's evidence
	Year      int
	Name      string // a safe file name, its extension the content's
	Type      EvidenceType
	Size      int
	SHA256    string
	Actor     string
	At        time.Time
}

// SafeFileName is name cut to its last element, with control, path and
// quoting characters replaced, at most 100 characters before the
// extension, which becomes the content's: what the download offers.
func SafeFileName(name string, t EvidenceType) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\"'<>:|?*;%`, r) || isBidi(r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if rs := []rune(name); len(rs) > 100 {
		name = string(rs[:100])
	}
	if name == "" || name == "." || name == ".." {
		name = "evidence"
	}
	return name + t.Ext
}

// isBidi reports the bidirectional controls that can disguise a name.
func isBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}
