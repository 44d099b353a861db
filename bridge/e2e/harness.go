//go:build !js

package e2e

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/vccnow/connector/bridge/devstack"
	"github.com/vccnow/connector/bridge/records"
)

// Env is one test's world: its own stack, its own browser and profile.
type Env struct {
	tb    T
	Stack *devstack.Stack
	// Root is the module root (where testdata lives).
	Root    string
	browser *Browser

	mu         sync.Mutex
	workspaces []*Workspace
	// browsers are the agents' browsers, one per ServiceNow user.
	browsers map[string]*Browser
}

// Options adjusts Start.
type Options struct {
	// Logger receives the servers' logs (default: discarded unless the
	// VCCNOW_E2E_LOG environment variable is set).
	Logger *log.Logger
	// Browser adjusts the browser.
	Browser BrowserOptions
	// Rules replace the bridge's default rules (records.DefaultRules), for
	// example to have a queue use ServiceNow's wrap-up dialog.
	Rules *records.Rules
	// ServiceNowSeed is the folder of testdata the instance's seed is in
	// (default "servicenow", the demo; "servicenow-empty": an instance
	// `bridge setup` has not touched).
	ServiceNowSeed string
}

// Start runs a fresh stack and browser for tb and stops both when tb ends.
func Start(tb T, opts ...Options) *Env {
	tb.Helper()
	var opt Options
	if len(opts) > 0 {
		opt = opts[0]
	}
	root, err := devstack.FindRoot()
	if err != nil {
		tb.Fatal(err)
	}
	if opt.Logger == nil && os.Getenv("VCCNOW_E2E_LOG") != "" {
		opt.Logger = log.New(os.Stderr, tb.Name()+" ", log.Lmicroseconds)
	}
	ctx := context.Background()
	st, err := devstack.Start(ctx, devstack.Options{
		DataDir:        tb.TempDir(),
		SeedDir:        filepath.Join(root, "testdata"),
		Logger:         opt.Logger,
		Rules:          opt.Rules,
		ServiceNowSeed: opt.ServiceNowSeed,
	})
	if err != nil {
		tb.Fatalf("start the stack: %v", err)
	}
	env := &Env{tb: tb, Stack: st, Root: root}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := st.Close(ctx); err != nil {
			tb.Logf("stop the stack: %v", err)
		}
	})
	env.browser = StartBrowser(tb, opt.Browser)
	tb.Cleanup(env.close) // runs before the browser closes
	return env
}

// Browser is the env's Chromium.
func (e *Env) Browser() *Browser { return e.browser }

// NewBrowser starts another Chromium with its own profile: another computer.
func (e *Env) NewBrowser() *Browser {
	e.tb.Helper()
	return StartBrowser(e.tb)
}

// close keeps a picture of every workspace when the test failed, then
// closes the tabs.
func (e *Env) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		for _, ws := range e.workspaces {
			for _, p := range ws.panels {
				p.cancel()
			}
			ws.cancel()
		}
	}()
	if !e.tb.Failed() {
		return
	}
	dir := filepath.Join(e.Root, "bridge", "e2e", "failures")
	for i, ws := range e.workspaces {
		name := filepath.Join(dir, sanitize(e.tb.Name())+"-"+ws.User+"-"+itoa(i)+".png")
		if err := ws.SaveScreenshot(name); err != nil {
			e.tb.Logf("screenshot: %v", err)
			continue
		}
		e.tb.Logf("screenshot of %s's workspace: %s", ws.User, name)
		if ws.panel != nil {
			logName := strings.TrimSuffix(name, ".png") + ".log"
			if err := os.WriteFile(logName, []byte(ws.panel.SupportLog()), 0o644); err == nil {
				e.tb.Logf("support log of %s's panel: %s", ws.User, logName)
			}
		}
	}
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// SaveDocScreenshot refreshes a picture used by the README (web/docs/name)
// when the VCCNOW_SCREENSHOTS environment variable is set; otherwise it does
// nothing, so ordinary test runs leave the tree untouched.
func (e *Env) SaveDocScreenshot(ws *Workspace, name string) {
	if os.Getenv("VCCNOW_SCREENSHOTS") == "" {
		return
	}
	path := filepath.Join(e.Root, "web", "docs", name)
	if err := ws.SaveScreenshot(path); err != nil {
		e.tb.Fatalf("screenshot %s: %v", name, err)
	}
	e.tb.Logf("wrote %s", path)
}
