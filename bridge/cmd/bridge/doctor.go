//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

// doctor checks the configuration against the instance and VCC and prints
// the report; 1 when a check fails. It leaves the bridge's database alone:
// the tokens it asks for go to a scratch store, and the bridge's own
// database (-db) is only read, for its outbox's dead letters.
func doctor(ctx context.Context, s settings, stdout, stderr io.Writer) int {
	dir, err := os.MkdirTemp("", "bridge-doctor")
	if err != nil {
		fmt.Fprintln(stderr, "bridge doctor:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenSQLite(ctx, filepath.Join(dir, "doctor.db"))
	if err != nil {
		fmt.Fprintln(stderr, "bridge doctor:", err)
		return 1
	}
	defer st.Close()
	h, err := bridge.New(s.cfg, bridge.Deps{Store: st, HTTP: &http.Client{Timeout: 10 * time.Second}})
	if err != nil {
		fmt.Fprintf(stdout, "FAIL  configuration  %v\n", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	checks := h.Doctor(ctx)
	checks = append(checks, h.DoctorSetup(ctx, h.SetupInputs(s.setupInputs()))...)
	checks = append(checks, outboxCheck(ctx, s.dbPath))
	if bridge.WriteReport(stdout, checks) {
		return 1
	}
	return 0
}

// outboxCheck looks at the outbox of the bridge's database at path, when
// there is one (a bridge that never ran has none yet).
func outboxCheck(ctx context.Context, path string) bridge.Check {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return bridge.Check{Name: "outbox", Status: bridge.CheckPass, Detail: "no database at " + path + " yet (the bridge has not run with this -db)"}
	}
	st, err := store.OpenSQLite(ctx, path)
	if err != nil {
		return bridge.Check{Name: "outbox", Status: bridge.CheckFail, Detail: err.Error(), Fix: "Point -db (VCCNOW_DB) at the bridge's database, readable by this user."}
	}
	defer st.Close()
	return bridge.OutboxCheck(ctx, st, time.Now())
}
