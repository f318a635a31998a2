// Package timing times commands for bench's commands (rounds, e2e): the
// wall time, CPU time and peak RSS of one run, and the medians of many.
package timing

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Sample is one run of a command.
type Sample struct {
	Wall time.Duration
	CPU  time.Duration // user + sys of the child (getrusage)
	RSS  int64         // peak, KiB (ru_maxrss)
}

// Run runs args in dir, with env added to the environment, its output to
// /dev/null.
func Run(dir string, env []string, args ...string) (Sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return Sample{}, err
	}
	defer null.Close()
	cmd.Stdout, cmd.Stderr = null, null
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return Sample{}, fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	s := Sample{Wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.RSS = ru.Maxrss
		s.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, nil
}

// Medians is the median of each field of s, taken separately.
func Medians(s []Sample) Sample {
	w, c, r := make([]time.Duration, len(s)), make([]time.Duration, len(s)), make([]int64, len(s))
	for i, x := range s {
		w[i], c[i], r[i] = x.Wall, x.CPU, x.RSS
	}
	slices.Sort(w)
	slices.Sort(c)
	slices.Sort(r)
	return Sample{w[len(s)/2], c[len(s)/2], r[len(s)/2]}
}

// MS is d in milliseconds.
func MS(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
