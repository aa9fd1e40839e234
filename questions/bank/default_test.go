package bank

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"testing"

	"parquiz/questions"
	"parquiz/questions/format"
	"parquiz/questions/par"
)

// The shipped bank survives the database and every export format: what
// List returns equals what par.Load gave, and each format's export reads
// back to the same content hashes (Aiken: the single-choice ones).
func TestShippedBankRoundTrip(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	loaded, res, err := b.EnsureDefault(ctx, par.Load)
	if err != nil || !loaded {
		t.Fatalf("EnsureDefault: %v, %v", loaded, err)
	}
	want, err := par.Load()
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != len(want) || res.Duplicates != 0 {
		t.Errorf("imported %+v of %d shipped questions", res, len(want))
	}
	got, err := b.List(ctx, questions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byHash := map[string]questions.Question{}
	for _, q := range got {
		q.ID = 0
		byHash[q.Hash] = q
	}
	for _, w := range normalized(want) {
		if w.Set == "" {
			w.Set = DefaultSet
		}
		if g := byHash[w.Hash]; !reflect.DeepEqual(g, w) {
			t.Errorf("stored question differs from the shipped one:\n got %+v\nwant %+v", g, w)
		}
	}
	all, _ := b.Hashes(ctx, questions.Filter{})
	single, _ := b.Hashes(ctx, questions.Filter{Kind: questions.KindSingle})
	slices.Sort(all)
	slices.Sort(single)
	for _, name := range format.Names() {
		fm, _ := format.Lookup(name)
		var buf bytes.Buffer
		n, skipped, err := b.Export(ctx, &buf, fm, questions.Filter{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r, err := format.Read(fm, "export."+name, buf.Bytes(), format.Options{})
		if err != nil {
			t.Fatalf("%s: reading the export: %v", name, err)
		}
		var h []string
		for _, q := range r.Questions {
			h = append(h, q.Hash)
		}
		slices.Sort(h)
		wantH := all
		if name == "aiken" {
			wantH = single
		}
		if !slices.Equal(h, wantH) || n != len(wantH) || n+skipped != len(all) {
			t.Errorf("%s: exported %d (skipped %d), read back %d questions; want %d with the same hashes", name, n, skipped, len(h), len(wantH))
		}
	}
}
