package par

import (
	"testing"
	"testing/fstest"
)

func TestVersionIsADigestOfTheFiles(t *testing.T) {
	v := Version()
	if len(v) != 16 || v != Version() {
		t.Fatalf("Version() = %q, want 16 stable hex digits", v)
	}
	// the same files give the same digest; one changed byte another
	m := fstest.MapFS{}
	for _, name := range Files() {
		data, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: data}
	}
	if got := digest(m); got != v {
		t.Errorf("digest of a copy of the files = %s, want %s", got, v)
	}
	first := Files()[0]
	changed := append([]byte(nil), m[first].Data...)
	changed[len(changed)-2] ^= 1
	m[first] = &fstest.MapFile{Data: changed}
	if digest(m) == v {
		t.Error("changing a file does not change the version")
	}
}

// BenchmarkVersion is the cost of the check every command makes on start
// (computed once per process).
func BenchmarkVersion(b *testing.B) {
	for b.Loop() {
		digest(files)
	}
}
