//go:build !js

package worker

import (
	"bytes"
	"compress/gzip"
	"context"
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
)

// bundleModules are the bundle's files in the order workerd loads them.
var bundleModules = []string{BundleMain, "runtime.mjs", "wasm_exec.js", BundleWasm}

//go:embed pool.mjs
var poolModule []byte

// Build writes the Worker bundle into dir (emptied first): syumai's JS glue
// (runtime.mjs, wasm_exec.js) with the pool of warm instances (pool.mjs)
// as its entry, worker.mjs, and bridge/cmd/worker compiled for js/wasm.
// root is the module root.
//
// The bundle leaves out the connector's precompressed copies
// (web/dist/*.br, *.gz): Cloudflare compresses application/wasm at the edge
// itself (developers.cloudflare.com/speed/optimization/content/compression/),
// and the copies would take 2.6 MB of the 10 MB a Worker may weigh. A build
// overlay hides them from the Worker's go:embed; the native build keeps
// them.
func Build(ctx context.Context, root, dir string) error {
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
	replace := map[string]string{}
	if err := withoutPrecompressed(root, replace); err != nil {
		return err
	}
	overlay, err := writeOverlay(tmp, "overlay.json", replace)
	if err != nil {
		return err
	}
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-overlay", overlay, "-modfile", modfile,
		"-o", filepath.Join(dir, BundleWasm), "./bridge/cmd/worker")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("worker: build bridge/cmd/worker for js/wasm: %w\n%s", err, out)
	}
	return nil
}

// withoutPrecompressed adds to a go build overlay's replacements the
// deletion of web/dist/*.br and *.gz.
func withoutPrecompressed(root string, replace map[string]string) error {
	for _, pattern := range []string{"*.br", "*.gz"} {
		files, err := filepath.Glob(filepath.Join(root, "web", "dist", pattern))
		if err != nil {
			return err
		}
		for _, f := range files {
			replace[f] = "" // "" deletes the file for the build
		}
	}
	return nil
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
