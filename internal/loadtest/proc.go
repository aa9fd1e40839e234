package loadtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of utime/stime in /proc/PID/stat; it is
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// ProcStat is a server process's memory and CPU as /proc shows them.
type ProcStat struct {
	// RSS and HWM (peak RSS) in KiB, from /proc/PID/status.
	RSS, HWM int64
	// Threads is the number of OS threads.
	Threads int
	// CPU is user+system time so far.
	CPU time.Duration
	// At is when it was read.
	At time.Time
}

// ReadProc reads /proc/PID/status and /proc/PID/stat (Linux). pid <= 0
// gives a zero ProcStat and no error.
func ReadProc(pid int) (ProcStat, error) {
	var p ProcStat
	if pid <= 0 {
		return p, nil
	}
	p.At = time.Now()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return p, err
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			p.RSS = n
		case "VmHWM":
			p.HWM = n
		case "Threads":
			p.Threads = int(n)
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return p, err
	}
	// The command name (field 2) may hold spaces; fields after ")" are
	// numbered from 3: utime is field 14, stime 15.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 {
		f := strings.Fields(string(stat[i+1:]))
		if len(f) > 12 {
			ut, _ := strconv.ParseInt(f[11], 10, 64)
			st, _ := strconv.ParseInt(f[12], 10, 64)
			p.CPU = time.Duration(ut+st) * time.Second / clockTicks
		}
	}
	return p, nil
}

// cpuSince is the CPU used between two readings, in cores.
func (p ProcStat) cpuSince(prev ProcStat) float64 {
	wall := p.At.Sub(prev.At)
	if wall <= 0 || prev.At.IsZero() {
		return 0
	}
	return float64(p.CPU-prev.CPU) / float64(wall)
}
