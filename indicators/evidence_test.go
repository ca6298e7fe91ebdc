package indicators

import (
	"archive/zip"
	"bytes"
	"testing"
)

func zipWith(name string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create(name)
	w.Write([]byte("<x/>"))
	z.Close()
	return b.Bytes()
}

func TestSniffEvidence(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want EvidenceType
		ok   bool
	}{
		{"pdf", []byte("%PDF-1.7\n..."), EvidencePDF, true},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), EvidencePNG, true},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, EvidenceJPEG, true},
		{"docx", zipWith("word/document.xml"), EvidenceDOCX, true},
		{"xlsx", zipWith("xl/workbook.xml"), EvidenceXLSX, true},
		{"html named .pdf", []byte("<!doctype html><script>alert(1)</script>"), EvidenceType{}, false},
		{"html after a PDF-ish space", []byte(" %PDF-1.7"), EvidenceType{}, false},
		{"other zip", zipWith("evil.html"), EvidenceType{}, false},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), EvidenceType{}, false},
		{"empty", nil, EvidenceType{}, false},
	}
	for _, c := range cases {
		got, ok := SniffEvidence(c.data)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %v %v", c.name, got, ok)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"2024年统计公报.pdf":        "2024年统计公报.pdf",
		`C:\Users\x\报告.PDF`:    "报告.pdf",
		"../../etc/passwd":     "passwd.pdf",
		"a\"b;c.pdf":           "a_b_c.pdf",
		"invoice\u202Efdp.exe": "invoice_fdp.pdf",
		"page.html":            "page.pdf",
		"":                     "evidence.pdf",
	} {
		if got := SafeFileName(in, EvidencePDF); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
