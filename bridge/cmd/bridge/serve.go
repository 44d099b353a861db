//go:build !js

package main

import (
	"context"
	"errors"
	"io"
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
	srv := &http.Server{Addr: s.listen, Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(handler, slog.LevelWarn)}
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
