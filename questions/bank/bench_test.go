package bank

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"parquiz/questions"
	"parquiz/questions/format"
)

var benchTmp string // removed by TestMain

// cleanups run after all tests and benchmarks (for fixtures they share).
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	if benchTmp != "" {
		os.RemoveAll(benchTmp)
	}
	os.Exit(code)
}

// BenchmarkImportGIFT10k parses a generated 10,000-question GIFT file and
// imports it into a fresh database: the whole of `parquiz bank import` but
// process start-up.
func BenchmarkImportGIFT10k(b *testing.B) { benchImportFile(b, "gift") }

// BenchmarkImportJSON10k is the same with parquiz's JSON format.
func BenchmarkImportJSON10k(b *testing.B) { benchImportFile(b, "json") }

func benchImportFile(b *testing.B, name string) {
	fm, err := format.Lookup(name)
	if err != nil {
		b.Fatal(err)
	}
	var file bytes.Buffer
	if _, err := fm.Write(&file, genQuestions(10000, 0, "")); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	dir := b.TempDir()
	b.ResetTimer()
	for i := range b.N {
		res, err := format.Read(fm, "bench."+fm.Name, file.Bytes(), format.Options{})
		if err != nil {
			b.Fatal(err)
		}
		bk, err := Open(filepath.Join(dir, fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		r, err := bk.Import(ctx, res.Questions)
		if err != nil {
			b.Fatal(err)
		}
		if r.Imported != 10000 {
			b.Fatalf("imported %d, want 10000", r.Imported)
		}
		bk.Close()
	}
}

// BenchmarkImport10k is the database part of the import alone.
func BenchmarkImport10k(b *testing.B) {
	qs := genQuestions(10000, 0, "gen")
	ctx := context.Background()
	dir := b.TempDir()
	b.ResetTimer()
	for i := range b.N {
		bk, err := Open(filepath.Join(dir, fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bk.Import(ctx, qs); err != nil {
			b.Fatal(err)
		}
		bk.Close()
	}
}

var (
	bank100kOnce sync.Once
	bank100kPath string
	bank100kErr  error
)

// bank100k builds, once per test binary, a database of 100,000 generated
// questions (set "gen", 10 topics × 3 sub-topics, 3 difficulties, 3 kinds).
func bank100k(b *testing.B) string {
	bank100kOnce.Do(func() {
		benchTmp, bank100kErr = os.MkdirTemp("", "parquiz-bench-")
		if bank100kErr != nil {
			return
		}
		bank100kPath = filepath.Join(benchTmp, "100k.db")
		bk, err := Open(bank100kPath)
		if err != nil {
			bank100kErr = err
			return
		}
		defer bk.Close()
		_, bank100kErr = bk.Import(context.Background(), genQuestions(100000, 0, "gen"))
	})
	if bank100kErr != nil {
		b.Fatal(bank100kErr)
	}
	return bank100kPath
}

func drawSpec(seed int64) questions.DrawSpec {
	return questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{1: 15, 2: 15, 3: 10}, Seed: seed}
}

func drawN(b *testing.B, bk *Bank, spec questions.DrawSpec) {
	qs, err := bk.Draw(context.Background(), spec)
	if err != nil {
		b.Fatal(err)
	}
	if len(qs) != spec.Total() {
		b.Fatalf("drew %d, want %d", len(qs), spec.Total())
	}
}

// BenchmarkDraw40From100k draws 40 complete questions (15 easy, 15 medium,
// 10 hard) from a 100,000-question bank, a new seed each time, on an open
// bank. There is no cache in the bank: every draw reads the group table and
// the questions from SQLite.
func BenchmarkDraw40From100k(b *testing.B) {
	bk, err := Open(bank100k(b))
	if err != nil {
		b.Fatal(err)
	}
	defer bk.Close()
	b.ResetTimer()
	for i := range b.N {
		drawN(b, bk, drawSpec(int64(i)))
	}
}

// BenchmarkDraw40From100kFiltered adds two topic prefixes, two kinds and
// 200 excluded hashes (questions used by earlier rounds).
func BenchmarkDraw40From100kFiltered(b *testing.B) {
	bk, err := Open(bank100k(b))
	if err != nil {
		b.Fatal(err)
	}
	defer bk.Close()
	used, err := bk.Draw(context.Background(), questions.DrawSpec{Sets: []string{"gen"}, Count: 200, Seed: -1})
	if err != nil {
		b.Fatal(err)
	}
	spec := drawSpec(0)
	spec.Topics = []string{"Chủ đề 1", "Chủ đề 2"}
	spec.Kinds = []questions.Kind{questions.KindSingle, questions.KindTrueFalse}
	spec.Exclude = hashesOf(used)
	b.ResetTimer()
	for i := range b.N {
		spec.Seed = int64(i)
		drawN(b, bk, spec)
	}
}

// BenchmarkDraw40From100kCold opens the database for every draw (a fresh
// connection with an empty SQLite page cache; the OS file cache stays
// warm) and includes the open and migration check in the time.
func BenchmarkDraw40From100kCold(b *testing.B) {
	path := bank100k(b)
	b.ResetTimer()
	for i := range b.N {
		bk, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		drawN(b, bk, drawSpec(int64(i)))
		bk.Close()
	}
}
