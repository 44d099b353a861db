package bridge

import (
	"bytes"
	"io"
	"log"
	"log/slog"
)

// The bridge logs with log/slog: a message and attributes (the native main
// writes them as JSON lines). What it logs never carries a secret: no
// access or refresh token, password, client or webhook secret, and no
// Authorization or Vonage-Signature header; errors it logs are built from
// paths, statuses and the services' own messages, never from request
// headers or bodies.

// newLogger returns deps.Log, or a text logger writing through deps.Logger
// (its prefix and flags kept), or one that discards.
func newLogger(deps Deps) *slog.Logger {
	if deps.Log != nil {
		return deps.Log
	}
	if deps.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	// log.Logger stamps the time itself.
	noTime := func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	return slog.New(slog.NewTextHandler(printer{deps.Logger}, &slog.HandlerOptions{ReplaceAttr: noTime}))
}

// printer writes each log record as one line of a *log.Logger.
type printer struct{ l *log.Logger }

func (p printer) Write(b []byte) (int, error) {
	p.l.Print(string(bytes.TrimSuffix(b, []byte("\n"))))
	return len(b), nil
}
