//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

// doctor checks the configuration against the instance and VCC and prints
// the report; 1 when a check fails. It leaves the bridge's database alone:
// the tokens it asks for go to a scratch store.
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
	if bridge.WriteReport(stdout, h.Doctor(ctx)) {
		return 1
	}
	return 0
}
