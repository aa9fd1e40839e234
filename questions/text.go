package questions

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C. Vietnamese has precomposed
// forms for every letter; text typed on some systems arrives decomposed
// (NFD), and "Việt" in NFD is not equal to "Việt" in NFC.
func NFC(s string) string { return norm.NFC.String(s) }

// CleanText is NFC with CRLF turned into LF and surrounding space trimmed.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(NFC(s))
}

// CleanLine is CleanText with every run of white space folded to one space.
func CleanLine(s string) string { return strings.Join(strings.Fields(NFC(s)), " ") }

// CleanTopic normalises a topic path: NFC, single spaces, no empty parts,
// parts joined by "/".
func CleanTopic(s string) string {
	var parts []string
	for _, p := range strings.Split(s, "/") {
		if p = CleanLine(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

var folder = cases.Fold()

// FoldKey is how typed answers and option texts are compared: NFC, case
// folded, white space collapsed. Diacritics are kept: "ma" and "mã" are
// different Vietnamese words.
func FoldKey(s string) string {
	return strings.Join(strings.Fields(folder.String(NFC(s))), " ")
}

// SearchKey strips diacritics as well, for search: "cai cach" finds
// "cải cách". đ/Đ, which has no decomposition, becomes d.
func SearchKey(s string) string {
	// Decompose, drop the combining marks (and map đ), then FoldKey, which
	// recomposes. strings.Map instead of a transform.Chain: the chain
	// allocates its buffers on every call, and the bank computes a search
	// key for every imported question.
	out := strings.Map(func(r rune) rune {
		switch {
		case r == 'đ' || r == 'Đ':
			return 'd'
		case r >= 0x300 && unicode.Is(unicode.Mn, r): // no mark is below U+0300
			return -1
		}
		return r
	}, norm.NFD.String(s))
	return FoldKey(out)
}
