//go:build !js

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// ChromiumPath finds the browser: $CHROMIUM, then chromium, chromium-browser
// and google-chrome on PATH.
func ChromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: install it (apt-get install -y chromium; ./build.sh test does) or set CHROMIUM to its path")
}

// Browser is a headless Chromium with a fresh profile and temp folder.
type Browser struct {
	tb  T
	ctx context.Context // the browser's root context (first, blank tab)
}

// BrowserOptions adjust the browser.
type BrowserOptions struct {
	// DenyMicrophone makes the browser refuse every microphone request, as
	// when an agent or an admin policy blocks it (the default browser grants
	// a fake microphone that plays a beep).
	DenyMicrophone bool
}

// StartBrowser launches Chromium for tb and closes it when tb ends.
func StartBrowser(tb T, opts ...BrowserOptions) *Browser {
	tb.Helper()
	var bo BrowserOptions
	if len(opts) > 0 {
		bo = opts[0]
	}
	path, err := ChromiumPath()
	if err != nil {
		tb.Fatal(err)
	}
	// Chromium puts sockets in TMPDIR, whose path must stay short (a long
	// test name in t.TempDir() makes "Socket path too long").
	tmp, err := os.MkdirTemp("", "chr")
	if err != nil {
		tb.Fatal(err)
	}
	profile, err := os.MkdirTemp("", "chp")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(tmp); os.RemoveAll(profile) })
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR=" + tmp),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("use-fake-ui-for-media-stream", !bo.DenyMicrophone),
		chromedp.Flag("deny-permission-prompts", bo.DenyMicrophone),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1400, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), flags...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		cancel()
		cancelAlloc()
		tb.Fatalf("start Chromium (%s): %v", path, err)
	}
	tb.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return &Browser{tb: tb, ctx: ctx}
}

// NewTab opens a new tab and returns its context.
func (b *Browser) NewTab() (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	if err := chromedp.Do(ctx); err != nil { // open it now, tied to ctx
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// Targets lists the browser's targets (tabs, iframes, popups).
func (b *Browser) Targets() ([]*target.Info, error) {
	return chromedp.Targets(b.ctx)
}

// Attach returns a context driving an existing target. Cancelling it detaches
// and leaves the target open.
//
// chromedp attaches on the first action run in a context and ties the
// session to the context of that first run, so Attach runs an empty action at
// once: later actions may then use short-lived child contexts (timeouts)
// without tearing the session down.
func (b *Browser) Attach(id target.ID) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}
