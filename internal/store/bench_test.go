package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"parquiz/internal/db"
	"parquiz/questions"
	"parquiz/quiz"
)

// BenchmarkAnswers1000 is the contest-day load: 1,000 contestants answer
// the same question within one second, each Submit returning only after
// its journal record is committed (WAL, synchronous=FULL, group commit).
// Sub-benchmarks: "burst" (all at once) and "spread" (evenly over 1 s).
// It also measures the raw rate of single-insert commits on the same
// database for comparison. Run:
//
//	go test -run '^$' -bench Answers1000 -benchtime 3x ./internal/store/
func BenchmarkAnswers1000(b *testing.B) {
	const n = 1000
	for _, mode := range []string{"burst", "spread"} {
		b.Run(mode, func(b *testing.B) {
			var lat []time.Duration
			var wall time.Duration
			var commits, maxBatch int
			var slowest time.Duration
			for it := 0; it < b.N; it++ {
				b.StopTimer()
				s, err := Open(filepath.Join(b.TempDir(), "bench.db"))
				if err != nil {
					b.Fatal(err)
				}
				plan := testPlan(b, n, 1)
				plan.Config.Rounds[0].TimeLimit = time.Minute
				_, e, j, err := s.Start(context.Background(), plan, quiz.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := e.StartRound(quiz.Note{}); err != nil {
					b.Fatal(err)
				}
				if err := e.NextQuestion(quiz.Note{}); err != nil {
					b.Fatal(err)
				}
				ref := quiz.QuestionRef{}
				res := make([]time.Duration, n)
				var wg sync.WaitGroup
				start := time.Now()
				b.StartTimer()
				for i := 0; i < n; i++ {
					wg.Add(1)
					go func(i int) {
						defer wg.Done()
						if mode == "spread" {
							time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / n)))
						}
						t := time.Now()
						if _, err := e.Submit(context.Background(), fmt.Sprintf("TS%04d", i+1), ref, questions.Response{Choices: []int{i % 4}}); err != nil {
							b.Error(err)
						}
						res[i] = time.Since(t)
					}(i)
				}
				wg.Wait()
				b.StopTimer()
				wall += time.Since(start)
				lat = append(lat, res...)
				if got := e.HostSnapshot().Answered; got != n {
					b.Fatalf("answered %d, want %d", got, n)
				}
				j.Close()
				st := j.Stats()
				commits += st.Commits
				maxBatch = max(maxBatch, st.MaxBatch)
				slowest = max(slowest, st.Slowest)
				var rows int
				_ = s.DB().QueryRow(`SELECT count(*) FROM contest_journal WHERE op='answer'`).Scan(&rows)
				if rows != n {
					b.Fatalf("committed answers %d, want %d", rows, n)
				}
				s.Close()
			}
			slices.Sort(lat)
			p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
			rate := float64(n*b.N) / wall.Seconds()
			b.ReportMetric(rate, "answers/s")
			b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(commits)/float64(b.N), "commits/op")
			b.Logf("%s: %d answers in %v per run: %.0f answers/s, ack p50 %v p99 %v max %v, %.0f commits per 1000 answers, largest batch %d, slowest commit %v",
				mode, n, wall/time.Duration(b.N), rate, p(0.5), p(0.99), lat[len(lat)-1], float64(commits)/float64(b.N), maxBatch, slowest.Round(time.Microsecond))
		})
	}
	b.Run("raw-single-insert-commits", func(b *testing.B) {
		d, err := db.Open(filepath.Join(b.TempDir(), "raw.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Exec(`CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)`); err != nil {
			b.Fatal(err)
		}
		const m = 200
		start := time.Now()
		for it := 0; it < b.N; it++ {
			for i := 0; i < m; i++ {
				if _, err := d.Exec(`INSERT INTO t(body) VALUES(?)`, `{"op":"answer","code":"TS0001","response":{"Choices":[1]}}`); err != nil {
					b.Fatal(err)
				}
			}
		}
		el := time.Since(start)
		rate := float64(m*b.N) / el.Seconds()
		b.ReportMetric(rate, "commits/s")
		b.Logf("raw: one INSERT per transaction (WAL, synchronous=FULL): %.0f commits/s (%v each)", rate, el/time.Duration(m*b.N))
	})
}
