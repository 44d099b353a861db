//go:build !js

package e2e

import (
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
)

// Runner lets a program use the harness outside go test: it implements T,
// and Run turns a fatal failure into an error after running the cleanups.
type Runner struct {
	name   string
	logger *log.Logger

	mu       sync.Mutex
	cleanups []func()
	failed   bool
}

var _ T = (*Runner)(nil)

// NewRunner returns a runner; name appears in logs and temp folder names.
func NewRunner(name string, logger *log.Logger) *Runner {
	if logger == nil {
		logger = log.New(os.Stderr, "", log.Ltime)
	}
	return &Runner{name: name, logger: logger}
}

type fatal struct{ msg string }

// Run calls f and then the cleanups f registered, last first. A Fatal in f
// ends f and comes back as the error.
func (r *Runner) Run(f func(t T)) (err error) {
	r.mu.Lock()
	r.failed = false
	r.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			ft, ok := p.(fatal)
			if !ok {
				panic(p)
			}
			err = errors.New(ft.msg)
		}
		r.runCleanups()
	}()
	f(r)
	return nil
}

func (r *Runner) runCleanups() {
	for {
		r.mu.Lock()
		n := len(r.cleanups)
		if n == 0 {
			r.mu.Unlock()
			return
		}
		fn := r.cleanups[n-1]
		r.cleanups = r.cleanups[:n-1]
		r.mu.Unlock()
		fn()
	}
}

// Helper implements T.
func (r *Runner) Helper() {}

// Fatal implements T.
func (r *Runner) Fatal(args ...any) { r.fail(fmt.Sprint(args...)) }

// Fatalf implements T.
func (r *Runner) Fatalf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }

func (r *Runner) fail(msg string) {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	panic(fatal{msg})
}

// Logf implements T.
func (r *Runner) Logf(format string, args ...any) { r.logger.Printf(format, args...) }

// Cleanup implements T.
func (r *Runner) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// TempDir implements T: a new folder removed when Run ends.
func (r *Runner) TempDir() string {
	dir, err := os.MkdirTemp("", sanitize(r.name)+"-")
	if err != nil {
		r.Fatalf("temp dir: %v", err)
	}
	r.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// Name implements T.
func (r *Runner) Name() string { return r.name }

// Failed implements T.
func (r *Runner) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}
