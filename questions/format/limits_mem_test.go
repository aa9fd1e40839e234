package format

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestImportMemoryFigures prints the peak heap of reading a 50 MB valid
// CSV and a 200 MB one-line CSV (ReadFile + Read, as `bank validate`
// does), with the default limits and with --max-size raised to 256 MB.
// It is a measurement, not a check of timings: it runs only with
// PARQUIZ_MEMFIG=1 (go test -run TestImportMemoryFigures -v ./questions/format/).
func TestImportMemoryFigures(t *testing.T) {
	if os.Getenv("PARQUIZ_MEMFIG") == "" {
		t.Skip("set PARQUIZ_MEMFIG=1 to measure")
	}
	dir := t.TempDir()
	valid := filepath.Join(dir, "valid50.csv")
	writeValidCSV(t, valid, 50<<20)
	oneLine := filepath.Join(dir, "oneline200.csv")
	f, err := os.Create(oneLine)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("question,a,b,answer\n")
	chunk := strings.Repeat("x", 1<<20)
	for i := 0; i < 200; i++ {
		w.WriteString(chunk)
	}
	w.WriteString(",a,b,A\n")
	w.Flush()
	f.Close()

	csvf, _ := Lookup("csv")
	for _, c := range []struct {
		path string
		lim  Limits
	}{
		{valid, Limits{}},
		{oneLine, Limits{}},
		{oneLine, Limits{MaxSize: 256 << 20}},
	} {
		st, _ := os.Stat(c.path)
		var n int
		peak, took := peakHeap(func() {
			data, err := ReadFile(c.path, c.lim)
			if err != nil {
				t.Logf("  %s", clip(err.Error()))
				return
			}
			res, err := Read(csvf, c.path, data, Options{Limits: c.lim})
			if err != nil {
				t.Logf("  %s", clip(err.Error()))
				return
			}
			n = len(res.Questions)
		})
		t.Logf("%s (%s), max-size %s: %d questions, peak heap %s (%.1f× the file), %v",
			filepath.Base(c.path), FormatSize(st.Size()), FormatSize(c.lim.WithDefaults().MaxSize), n,
			FormatSize(int64(peak)), float64(peak)/float64(st.Size()), took.Round(time.Millisecond))
	}
}

// writeValidCSV writes a CSV of four-option questions with Vietnamese
// text and explanations, about size bytes.
func writeValidCSV(t *testing.T, path string, size int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	w.WriteString("question,a,b,c,d,answer,topic,explanation\n")
	words := strings.Fields("thủ tục hành chính một cửa liên thông cơ quan nhà nước cán bộ công chức viên chức dịch vụ công trực tuyến chỉ số cải cách")
	sent := func(i, n int) string {
		var b strings.Builder
		for j := 0; j < n; j++ {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(i*7+j*13)%len(words)])
		}
		return b.String()
	}
	for i, n := 0, 0; n < size; i++ {
		k, _ := fmt.Fprintf(w, "\"Câu %d: %s?\",%s,%s,%s,%s,B,%s,\"%s\"\n", i, sent(i, 20), sent(i+1, 6), sent(i+2, 6), sent(i+3, 6), sent(i+4, 6), sent(i, 3), sent(i+5, 30))
		n += k
	}
}

// peakHeap runs fn after a GC and returns the most heap in use while it
// ran (sampled every millisecond from runtime/metrics, which does not stop
// the world) and how long it took.
func peakHeap(fn func()) (uint64, time.Duration) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for {
			v := read()
			mu.Lock()
			peak = max(peak, v)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tk.C:
			}
		}
	}()
	start := time.Now()
	fn()
	took := time.Since(start)
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if v := read(); v > peak {
		peak = v
	}
	if peak < base {
		return 0, took
	}
	return peak - base, took
}
