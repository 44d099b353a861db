//go:build !js

package worker

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Bundle files, as syumai/workers' workers-assets-gen writes them and
// wrangler.jsonc's "main" expects them.
const (
	BundleMain = "worker.mjs" // the Worker's entry point: fetch and scheduled handlers
	BundleWasm = "app.wasm"   // bridge/cmd/worker for js/wasm
	// BundleAssets is the folder of the panel's files Workers Static Assets
	// serves (wrangler.jsonc "assets"), as the URLs they have: assets/...
	BundleAssets = "public"
)

// bundleModules are the bundle's files in the order workerd loads them.
var bundleModules = []string{BundleMain, "runtime.mjs", "wasm_exec.js", BundleWasm}

//go:embed pool.mjs
var poolModule []byte

// Build writes the Worker bundle into dir (emptied first): syumai's JS glue
// (runtime.mjs, wasm_exec.js) with the pool of warm instances (pool.mjs)
// as its entry, worker.mjs, bridge/cmd/worker compiled for js/wasm, and
// the panel's files for Workers Static Assets in dir/public. root is the
// module root.
//
// The panel's files are served by Static Assets, not by the Worker: the
// connector's .wasm (7 MB) and wasm_exec.js are left out of the Worker's
// go:embed (a build overlay puts a stub in their place that names the
// real file's SHA-256, so the page's ?v= versions still change with
// them), and so are their precompressed copies: Cloudflare compresses
// what it serves (developers.cloudflare.com/speed/optimization/content/compression/).
// The page, callback.html and the few small files they version stay
// embedded; the native build keeps everything.
func Build(ctx context.Context, root, dir string) error {
	return build(ctx, root, dir, nil)
}

// TestHooksTag is the build tag of the Worker's test hooks
// (bridge/cmd/worker/testhooks.go): requests that make an event panic or
// the next cron run fail, for the tests of what a failure retires. Only
// BuildWithTestHooks sets it; Build, ./build.sh and so every deployed
// bundle leave it out, and without it the hooks' paths are not routes at
// all (404), so nobody can fail a deployed Worker's events on purpose.
const TestHooksTag = "vccnow_worker_testhooks"

// BuildWithTestHooks is Build with the test hooks compiled in. For tests
// only: never deploy its bundle.
func BuildWithTestHooks(ctx context.Context, root, dir string) error {
	return build(ctx, root, dir, []string{TestHooksTag})
}

func build(ctx context.Context, root, dir string, tags []string) error {
	gen := exec.CommandContext(ctx, "go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", dir)
	gen.Dir = root
	if out, err := gen.CombinedOutput(); err != nil {
		return fmt.Errorf("worker: generate the Worker's JS glue: %w\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, BundleMain), poolModule, 0o644); err != nil {
		return fmt.Errorf("worker: write the Worker's entry: %w", err)
	}
	tmp, err := os.MkdirTemp("", "vccnow-worker-build")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	modfile, err := patchedModFile(root, tmp)
	if err != nil {
		return err
	}
	replace, err := staticAssets(root, dir, tmp)
	if err != nil {
		return err
	}
	overlay, err := writeOverlay(tmp, "overlay.json", replace)
	if err != nil {
		return err
	}
	args := []string{"build", "-trimpath", "-ldflags=-s -w"}
	for _, g := range inlining {
		args = append(args, "-gcflags="+g)
	}
	args = append(args, "-overlay", overlay, "-modfile", modfile,
		"-tags="+strings.Join(tags, ","), "-o", filepath.Join(dir, BundleWasm), "./bridge/cmd/worker")
	build := exec.CommandContext(ctx, "go", args...)
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("worker: build bridge/cmd/worker for js/wasm: %w\n%s", err, out)
	}
	return nil
}

// inlining are the Worker's -gcflags: the compiler inlines in the packages
// a request runs through (the runtime, syscall/js, JSON, database/sql, the
// bridge, syumai/workers, the P-256 arithmetic of the agents' tokens) and
// nowhere else (-l). Inlining everywhere costs 0.7 MB of gzip (6.37 MB, over
// the 6 MB the bundle is held to) for no measurable gain beyond these; none
// costs the Worker a quarter more CPU a call (150 ms against 113 in the load
// suite: README.md, the Worker at scale). Later patterns win.
var inlining = []string{
	"all=-l",
	"runtime=", "internal/...=", "syscall/js=", "encoding/json=", "database/sql=", "reflect=", "strconv=",
	"time=", "strings=", "bytes=", "sync=", "unicode/utf8=", "math/bits=",
	"crypto/internal/fips140/nistec/...=", "crypto/internal/fips140/bigmod=", "crypto/internal/fips140/ecdsa=",
	"github.com/vccnow/...=", "github.com/syumai/...=",
}

// staticAssets copies the panel's files into dir/public/assets for
// Workers Static Assets and returns a go build overlay's replacements
// that keep web/dist out of the Worker: each built file becomes a stub
// (written into tmp) naming its SHA-256, each precompressed copy is
// deleted.
func staticAssets(root, dir, tmp string) (map[string]string, error) {
	out := filepath.Join(dir, BundleAssets, "assets")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	replace := map[string]string{}
	copyFile := func(src string) ([]byte, error) {
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		return b, os.WriteFile(filepath.Join(out, filepath.Base(src)), b, 0o644)
	}
	dist, err := filepath.Glob(filepath.Join(root, "web", "dist", "*"))
	if err != nil {
		return nil, err
	}
	for _, f := range dist {
		if strings.HasSuffix(f, ".br") || strings.HasSuffix(f, ".gz") {
			replace[f] = "" // "" deletes the file for the build
			continue
		}
		if st, err := os.Stat(f); err != nil || st.IsDir() || !servedAsset(f) {
			continue
		}
		b, err := copyFile(f)
		if err != nil {
			return nil, fmt.Errorf("worker: static assets: %w", err)
		}
		sum := sha256.Sum256(b)
		stub := filepath.Join(tmp, "stub-"+filepath.Base(f))
		text := fmt.Sprintf("%s is served by Workers Static Assets; its sha256 is %x\n", filepath.Base(f), sum)
		if err := os.WriteFile(stub, []byte(text), 0o644); err != nil {
			return nil, err
		}
		replace[f] = stub
	}
	static, err := filepath.Glob(filepath.Join(root, "web", "static", "*"))
	if err != nil {
		return nil, err
	}
	for _, f := range static {
		if servedAsset(f) {
			if _, err := copyFile(f); err != nil {
				return nil, fmt.Errorf("worker: static assets: %w", err)
			}
		}
	}
	return replace, nil
}

// servedAsset reports whether the bridge serves f under /assets/ (web.Assets
// serves every file but the HTML templates and placeholders).
func servedAsset(f string) bool {
	switch filepath.Ext(f) {
	case ".wasm", ".js", ".css", ".png", ".svg", ".ogg":
		return true
	}
	return false
}

// Size is the bundle's weight as Cloudflare counts it against a plan's
// limit: all modules, gzip-compressed.
type Size struct {
	Raw, Gzip int64
}

// Plan names the smallest Workers plan whose size limit the bundle fits
// (Workers limits: 3 MB compressed on Free, 10 MB on Paid).
func (s Size) Plan() string {
	switch {
	case s.Gzip <= 3<<20:
		return "Free"
	case s.Gzip <= 10<<20:
		return "Paid"
	}
	return "none (over the 10 MB limit)"
}

func (s Size) String() string {
	return fmt.Sprintf("%.2f MB raw, %.2f MB gzip: fits Workers %s", float64(s.Raw)/1e6, float64(s.Gzip)/1e6, s.Plan())
}

// Measure gzips the bundle's modules in dir (level 9, as wrangler reports
// the upload).
func Measure(dir string) (Size, error) {
	var s Size
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for _, name := range bundleModules {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return s, fmt.Errorf("worker: measure the bundle: %w (build it first: ./build.sh)", err)
		}
		n, err := io.Copy(zw, f)
		f.Close()
		if err != nil {
			return s, err
		}
		s.Raw += n
	}
	if err := zw.Close(); err != nil {
		return s, err
	}
	s.Gzip = int64(buf.Len())
	return s, nil
}

// isBundle reports whether dir holds a built bundle.
func isBundle(dir string) error {
	var missing []string
	for _, name := range bundleModules {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("worker: %s has no %s: build the bundle first (./build.sh)", dir, strings.Join(missing, ", "))
	}
	return nil
}
