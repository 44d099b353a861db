//go:build !js

package main

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net/http"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

// serve runs the bridge until ctx ends, logging JSON lines to stderr.
func serve(ctx context.Context, s settings, stderr io.Writer) int {
	handler := slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: s.logLevel})
	logger := slog.New(handler)
	narrowed, err := store.Restrict(s.dbPath)
	if err != nil {
		logger.Error("cannot make the database file its owner's only", "path", s.dbPath, "err", err)
		return 1
	}
	for _, n := range narrowed {
		logger.Warn("the database file was readable by others; only its owner may read it now (it holds OAuth and VCC tokens)",
			"path", n.Path, "was", n.Was.String(), "now", "-rw-------")
	}
	st, err := store.OpenSQLite(ctx, s.dbPath)
	if err != nil {
		logger.Error("cannot open the database", "path", s.dbPath, "err", err)
		return 1
	}
	defer st.Close()
	h, err := bridge.New(s.cfg, bridge.Deps{Store: st, Log: logger})
	if err != nil {
		logger.Error("the configuration is not usable; run bridge doctor with the same settings", "err", err)
		return 1
	}
	if err := h.Subscribe(ctx); err != nil {
		logger.Error("no webhook subscription: calls will not reach ServiceNow until this works", "err", err)
	}
	if err := h.Warm(ctx); err != nil {
		logger.Warn("warm-up", "err", err)
	}
	go h.Work(ctx)
	go purgeEvery(ctx, st, s.retention, time.Hour, logger)
	srv := newHTTPServer(s.listen, h, slog.NewLogLogger(handler, slog.LevelWarn), serverLimits)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	logger.Info("bridge serving", "listen", s.listen, "instance", s.cfg.InstanceURL)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("cannot serve", "listen", s.listen, "err", err)
		return 1
	}
	return 0
}

// limits bound what one client connection may hold. Every request the bridge
// serves is short with a small body (the agent API's at most 64 KB, a
// webhook's 256 KB) and no endpoint streams or upgrades its connection, so a
// client that sends or reads slowly, or leaves a connection idle, is cut off
// instead of holding a goroutine and a socket for ever.
type limits struct {
	readHeader, read, write, idle time.Duration
	maxHeaderBytes                int
}

var serverLimits = limits{
	// The request's headers, a few KB (the agent's token the largest).
	readHeader: 10 * time.Second,
	// The whole request, its body included.
	read: 30 * time.Second,
	// From the end of the request's headers to the end of the answer:
	// longer than a handler's requests to ServiceNow and VCC take (at most
	// 15 s each, a few per request), so a slow upstream ends in the
	// handler's own answer rather than a cut connection, and than the
	// panel's files (about 1 MB compressed) take on a slow link.
	write: 2 * time.Minute,
	// A kept-alive connection between requests: the panel calls at least
	// every 30 s while open, so its connection stays.
	idle: 2 * time.Minute,
	// Header bytes; the default (1 MB) is far beyond any request the
	// panel or VCC makes.
	maxHeaderBytes: 64 << 10,
}

// newHTTPServer is the bridge's server on addr, within l.
func newHTTPServer(addr string, h http.Handler, errorLog *log.Logger, l limits) *http.Server {
	return &http.Server{
		Addr: addr, Handler: h, ErrorLog: errorLog,
		ReadHeaderTimeout: l.readHeader, ReadTimeout: l.read, WriteTimeout: l.write, IdleTimeout: l.idle,
		MaxHeaderBytes: l.maxHeaderBytes,
	}
}

// purgeEvery purges what the store no longer needs (store.Purge) now and
// every interval until ctx ends, then gives the space back to the disk
// (store.Checkpoint). Without it the disk fills and webhooks are refused.
func purgeEvery(ctx context.Context, st *store.Store, retention, interval time.Duration, logger *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		p, err := st.Purge(ctx, retention)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Error("purge: the store could not delete old rows; it grows until this works", "err", err, "purged", p.String())
		default:
			logger.Info("purge", "purged", p.String(), "retention", retention.String())
			if complete, err := st.Checkpoint(ctx); err != nil {
				logger.Warn("purge: WAL checkpoint", "err", err)
			} else if !complete {
				logger.Info("purge: WAL checkpoint incomplete (a reader was busy); the next one finishes it")
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
