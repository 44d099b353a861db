package cti

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// SupportLog keeps the last lines the connector logged, for the log an agent
// downloads for support. Callers must never log tokens; the core logs ids,
// states and errors only.
type SupportLog struct {
	mu    sync.Mutex
	lines []string
	max   int
	echo  func(level, line string)
}

var _ Logger = (*SupportLog)(nil)

// NewSupportLog keeps up to max lines; echo, when set, also prints each line
// (to the browser console).
func NewSupportLog(max int, echo func(level, line string)) *SupportLog {
	return &SupportLog{max: max, echo: echo}
}

// Log implements Logger.
func (l *SupportLog) Log(level, msg string) {
	line := fmt.Sprintf("%s %-5s %s", time.Now().UTC().Format("15:04:05.000"), level, msg)
	l.mu.Lock()
	l.lines = append(l.lines, line)
	if len(l.lines) > l.max {
		l.lines = l.lines[len(l.lines)-l.max:]
	}
	l.mu.Unlock()
	if l.echo != nil {
		l.echo(level, line)
	}
}

// Text is the log as one text, oldest line first.
func (l *SupportLog) Text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n") + "\n"
}
