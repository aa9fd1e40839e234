package main

import (
	"strconv"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func utf8Valid(s string) bool   { return utf8.ValidString(s) }
func displayWidth(s string) int { return ansi.StringWidth(s) }
func itoa(n int64) string       { return strconv.FormatInt(n, 10) }
