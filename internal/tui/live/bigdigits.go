package live

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// bigGlyphs are 3×5 block digits for the board's countdown, readable from
// the back of a hall.
var bigGlyphs = map[rune][5]string{
	'0': {"███", "█ █", "█ █", "█ █", "███"},
	'1': {" ██", "  █", "  █", "  █", "  █"},
	'2': {"███", "  █", "███", "█  ", "███"},
	'3': {"███", "  █", "███", "  █", "███"},
	'4': {"█ █", "█ █", "███", "  █", "  █"},
	'5': {"███", "█  ", "███", "  █", "███"},
	'6': {"███", "█  ", "███", "█ █", "███"},
	'7': {"███", "  █", "  █", "  █", "  █"},
	'8': {"███", "█ █", "███", "█ █", "███"},
	'9': {"███", "█ █", "███", "  █", "███"},
	':': {" ", "█", " ", "█", " "},
	' ': {" ", " ", " ", " ", " "},
}

// bigText renders digits (and ':') five lines tall.
func bigText(s string) string {
	var rows [5][]string
	for _, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for i := range rows {
			rows[i] = append(rows[i], g[i])
		}
	}
	out := make([]string, 5)
	for i := range rows {
		out[i] = strings.Join(rows[i], " ")
	}
	return strings.Join(out, "\n")
}

func truncate(s string, w int) string { return ansi.Truncate(s, w, "") }
