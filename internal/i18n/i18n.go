// Package i18n holds every user-facing string of parquiz in Vietnamese
// (first) and English. Strings live in tables by area (common.go,
// practice.go, live.go, …), each added from init; a key missing from the
// table shows as the key itself, and a test checks that every entry has
// both languages.
package i18n

import (
	"fmt"
	"sync"
)

// Lang is an interface language.
type Lang string

// The languages parquiz speaks.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Parse maps "en" (any case) to EN and everything else to VI.
func Parse(s string) Lang {
	if s == "en" || s == "EN" || s == "En" {
		return EN
	}
	return VI
}

// Text is one string in both languages. Either may hold fmt verbs.
type Text struct{ VI, EN string }

var (
	mu    sync.RWMutex
	table = map[string]Text{}
)

// Add registers strings; a duplicate key panics at start-up so two tables
// cannot silently disagree.
func Add(m map[string]Text) {
	mu.Lock()
	defer mu.Unlock()
	for k, v := range m {
		if _, dup := table[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		table[k] = v
	}
}

// T returns the string for key in l, formatted with args when given.
func (l Lang) T(key string, args ...any) string {
	mu.RLock()
	t, ok := table[key]
	mu.RUnlock()
	if !ok {
		return key
	}
	s := t.VI
	if l == EN && t.EN != "" {
		s = t.EN
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// All returns a copy of the table, for tests.
func All() map[string]Text {
	mu.RLock()
	defer mu.RUnlock()
	out := make(map[string]Text, len(table))
	for k, v := range table {
		out[k] = v
	}
	return out
}

// Lookup returns the entry for key and whether the table has it.
func Lookup(key string) (Text, bool) {
	mu.RLock()
	defer mu.RUnlock()
	t, ok := table[key]
	return t, ok
}
