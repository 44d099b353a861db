//go:build !js

package worker

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// syumaiModule is the module the patch below applies to, at the version
// go.mod pins.
const syumaiModule = "github.com/syumai/workers"

// syumaiPatch releases the JS callbacks syumai/workers v0.33.0 never
// releases. Waiting on a promise (jsutil.AwaitPromise: every D1 query and
// every fetch) and reading a fetched body (each chunk) make two js.Funcs,
// then and catch, and release only the one that was called: the other
// stays in Go's table of callbacks, with its JS wrapper, for the life of
// the instance. With syumai's one instance per request that never
// mattered; a warm instance gathered ~16 KiB a request. The fix, for
// upstream too: whichever callback fires releases both.
//
// The patch is applied at build time (Build): a copy of the module, patched,
// replaces it through a go.mod of the build's own (-modfile), so the
// repository's go.mod is untouched and syumai/workers stays the package the
// Worker is built on, its own code but for these lines. Each change must find its lines
// exactly once, so a new syumai version fails the build here rather than
// going unpatched.
var syumaiPatch = []struct {
	file, old, new string
}{
	{"internal/jsutil/jsutil.go", `	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer then.Release()
		result := args[0]
		resultCh <- result
		return js.Undefined()
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer catch.Release()
		result := args[0]
		errCh <- fmt.Errorf("failed on promise: %s", result.Call("toString").String())`,
		`	var then, catch js.Func
	// Only one of them is ever called: it releases both.
	release := func() {
		then.Release()
		catch.Release()
	}
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		result := args[0]
		resultCh <- result
		return js.Undefined()
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		result := args[0]
		errCh <- fmt.Errorf("failed on promise: %s", result.Call("toString").String())`},
	{"internal/jsutil/stream.go", `		var then, catch js.Func
		then = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer then.Release()`,
		`		var then, catch js.Func
		// Only one of them is ever called: it releases both.
		release := func() {
			then.Release()
			catch.Release()
		}
		then = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer release()`},
	{"internal/jsutil/stream.go", `		catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer catch.Release()
			result := args[0]
			errCh <- fmt.Errorf("JavaScript error on read: %s", result.Call("toString").String())`,
		`		catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer release()
			result := args[0]
			errCh <- fmt.Errorf("JavaScript error on read: %s", result.Call("toString").String())`},
}

// syumaiDir is the folder of syumai/workers in the module cache, at the
// version go.mod pins.
func syumaiDir(root string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", syumaiModule)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("worker: find %s: %w", syumaiModule, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("worker: %s is not downloaded (go mod download)", syumaiModule)
	}
	return dir, nil
}

// patchedModFile copies syumai/workers into dir, applies syumaiPatch to
// the copy and writes dir/go.mod (with its go.sum): root's go.mod with the
// copy in syumai's place. It returns that go.mod's path, for go build's
// -modfile.
func patchedModFile(root, dir string) (string, error) {
	mod, err := syumaiDir(root)
	if err != nil {
		return "", err
	}
	copyDir := filepath.Join(dir, "syumai-workers")
	err = filepath.WalkDir(mod, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(mod, path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), "_") || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(copyDir, rel), 0o755)
		}
		if !strings.HasSuffix(path, ".go") && d.Name() != "go.mod" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(copyDir, rel), b, 0o644)
	})
	if err != nil {
		return "", fmt.Errorf("worker: copy syumai/workers: %w", err)
	}
	for _, p := range syumaiPatch {
		file := filepath.Join(copyDir, filepath.FromSlash(p.file))
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("worker: patch syumai/workers: %w", err)
		}
		if n := strings.Count(string(b), p.old); n != 1 {
			return "", fmt.Errorf("worker: patch syumai/workers: %s has the lines to change %d times, not once: is go.mod's version the one the patch is for (v0.33.0)?", p.file, n)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(b), p.old, p.new, 1)), 0o644); err != nil {
			return "", err
		}
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", err
	}
	gomod = append(gomod, fmt.Sprintf("\nreplace %s => %s\n", syumaiModule, copyDir)...)
	modfile := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(modfile, gomod, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		return "", err
	}
	return modfile, nil
}

// writeOverlay writes a go build overlay with replace (file → its
// replacement, "" deletes) into dir and returns its path.
func writeOverlay(dir, name string, replace map[string]string) (string, error) {
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return "", fmt.Errorf("worker: write the build overlay: %w", err)
	}
	return path, nil
}
