//go:build !js

package worker

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"text/template"
	"time"
)

// CompatibilityDate is the Workers runtime behaviour the bridge is built
// and tested against; wrangler.jsonc deploys with the same date.
const CompatibilityDate = "2025-11-01"

var (
	//go:embed workerd.capnp.tmpl
	configTemplate string
	//go:embed d1.mjs
	d1Module []byte
	//go:embed scheduled.mjs
	scheduledModule []byte
	//go:embed assets.mjs
	assetsModule []byte
)

// Options say how to run the Worker in workerd.
type Options struct {
	// Workerd is the workerd binary (FindWorkerd).
	Workerd string
	// Bundle is the folder Build wrote.
	Bundle string
	// Listener is where the Worker serves. workerd takes its file
	// descriptor, so the address outlives a restart and requests that
	// arrive while the runtime is down wait in its backlog.
	Listener *net.TCPListener
	// DataDir holds D1's files: a runtime started again on the same folder
	// finds the same state.
	DataDir string
	// Vars are the Worker's vars and secrets, by their Env names.
	Vars map[string]string
	// Cron fires the cron trigger this often while the runtime runs, as
	// Cloudflare would every minute; 0 leaves it to Scheduled.
	Cron time.Duration
	// Log receives workerd's output, the Worker's log lines included.
	Log io.Writer
}

// Runtime is workerd serving the bridge Worker.
type Runtime struct {
	opt     Options
	cmd     *exec.Cmd
	exited  chan struct{}
	cronURL string
	cronL   net.Listener
	stopped chan struct{}
	cronRan sync.WaitGroup
	client  *http.Client
}

// URL is the Worker's base URL.
func (r *Runtime) URL() string { return "http://" + r.opt.Listener.Addr().String() }

// FindWorkerd returns the workerd binary npm installed in
// bridge/worker/node_modules (root is the module root).
func FindWorkerd(root string) (string, error) {
	dir := filepath.Join(root, "bridge", "worker", "node_modules")
	platform := map[string]string{"amd64": "64", "arm64": "arm64"}[runtime.GOARCH]
	for _, p := range []string{
		filepath.Join(dir, "@cloudflare", "workerd-"+runtime.GOOS+"-"+platform, "bin", "workerd"),
		filepath.Join(dir, "workerd", "bin", "workerd"),
	} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("worker: workerd is not installed in %s: run `npm ci` there (./build.sh test does), with Node.js 20 or later and npm on PATH", dir)
}

// Start runs workerd with the Worker and waits until it answers HTTP.
func Start(ctx context.Context, opt Options) (*Runtime, error) {
	if opt.Workerd == "" || opt.Listener == nil || opt.DataDir == "" {
		return nil, errors.New("worker: Start needs the workerd binary, a listener and a data folder")
	}
	if err := isBundle(opt.Bundle); err != nil {
		return nil, err
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	dir, err := os.MkdirTemp("", "vccnow-workerd")
	if err != nil {
		return nil, err
	}
	if err := writeConfig(dir, opt); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	r := &Runtime{opt: opt, exited: make(chan struct{}), stopped: make(chan struct{}), client: &http.Client{Timeout: 30 * time.Second}}
	if err := r.start(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		<-r.exited
		os.RemoveAll(dir)
	}()
	if err := r.waitServing(ctx); err != nil {
		r.Kill()
		return nil, err
	}
	if opt.Cron > 0 {
		r.cronRan.Add(1)
		go r.tick()
	}
	return r, nil
}

// start launches workerd on the listener's descriptor and a fresh one for
// the cron trigger.
func (r *Runtime) start(dir string) error {
	httpFile, err := r.opt.Listener.File()
	if err != nil {
		return fmt.Errorf("worker: hand the listener to workerd: %w", err)
	}
	defer httpFile.Close()
	cronL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	cronFile, err := cronL.(*net.TCPListener).File()
	if err != nil {
		cronL.Close()
		return err
	}
	defer cronFile.Close()
	r.cronL, r.cronURL = cronL, "http://"+cronL.Addr().String()+"/scheduled"
	// ExtraFiles are descriptors 3, 4, ... in the child.
	cmd := exec.Command(r.opt.Workerd, "serve", "--experimental", "--verbose", "config.capnp",
		"--socket-fd", "http=3", "--socket-fd", "cron=4")
	cmd.Dir = dir
	cmd.ExtraFiles = []*os.File{httpFile, cronFile}
	cmd.Stdout, cmd.Stderr = r.opt.Log, r.opt.Log
	if err := cmd.Start(); err != nil {
		cronL.Close()
		return fmt.Errorf("worker: start %s: %w", r.opt.Workerd, err)
	}
	r.cmd = cmd
	go func() {
		_ = cmd.Wait()
		cronL.Close()
		close(r.exited)
	}()
	return nil
}

// waitServing waits until the Worker answers a request (any status: a
// misconfigured Worker answers 503 and says why).
func (r *Runtime) waitServing(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.URL()+"/healthz", nil)
		resp, err := r.client.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-r.exited:
			return fmt.Errorf("worker: workerd exited before serving (%v); its output is in the runtime's log", r.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("worker: workerd did not answer within 60 s: %w", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Scheduled fires the Worker's cron trigger once and waits for the run.
func (r *Runtime) Scheduled(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.cronURL, nil)
	resp, err := r.client.Do(req)
	if err != nil {
		return fmt.Errorf("worker: fire the cron trigger: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("worker: the cron run failed: %d %s", resp.StatusCode, bytes.TrimSpace(body))
	}
	return nil
}

// tick fires the cron trigger every opt.Cron until the runtime stops; a
// run that fails is logged by the Worker and tried again next tick.
func (r *Runtime) tick() {
	defer r.cronRan.Done()
	t := time.NewTicker(r.opt.Cron)
	defer t.Stop()
	for {
		select {
		case <-r.stopped:
			return
		case <-r.exited:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := r.Scheduled(ctx); err != nil && !r.ending() {
				fmt.Fprintf(r.opt.Log, "cron tick: %v\n", err)
			}
			cancel()
		}
	}
}

// ending reports whether Stop or Kill was called.
func (r *Runtime) ending() bool {
	select {
	case <-r.stopped:
		return true
	default:
		return false
	}
}

// Stop ends workerd gracefully (SIGTERM; SIGKILL after 5 s).
func (r *Runtime) Stop() { r.end(syscall.SIGTERM, 5*time.Second) }

// Kill ends workerd at once (SIGKILL), as a crash would: nothing is
// flushed, requests in flight are cut.
func (r *Runtime) Kill() { r.end(syscall.SIGKILL, 0) }

func (r *Runtime) end(sig syscall.Signal, grace time.Duration) {
	select {
	case <-r.stopped:
		return
	default:
		close(r.stopped)
	}
	_ = r.cmd.Process.Signal(sig)
	select {
	case <-r.exited:
	case <-time.After(grace):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
	r.cronRan.Wait()
}

// configData fills workerd.capnp.tmpl.
type configData struct {
	DataDir           string
	AssetsDir         string
	CompatibilityDate string
	DB                string
	Vars              []configVar
}

type configVar struct{ Name, Value string }

// writeConfig writes config.capnp, the bundle's modules (linked) and the
// local D1 and cron modules into dir.
func writeConfig(dir string, opt Options) error {
	for _, name := range bundleModules {
		src, err := filepath.Abs(filepath.Join(opt.Bundle, name))
		if err != nil {
			return err
		}
		if err := os.Symlink(src, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
	}
	for name, b := range map[string][]byte{"d1.mjs": d1Module, "scheduled.mjs": scheduledModule, "assets.mjs": assetsModule} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
	}
	assetsDir, err := filepath.Abs(filepath.Join(opt.Bundle, BundleAssets))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(assetsDir, 0o755); err != nil {
		return fmt.Errorf("worker: static assets: %w", err)
	}
	data := configData{DataDir: opt.DataDir, AssetsDir: assetsDir, CompatibilityDate: CompatibilityDate, DB: DBBinding}
	for name, value := range opt.Vars {
		data.Vars = append(data.Vars, configVar{name, value})
	}
	sort.Slice(data.Vars, func(i, j int) bool { return data.Vars[i].Name < data.Vars[j].Name })
	if err := os.MkdirAll(opt.DataDir, 0o700); err != nil {
		return fmt.Errorf("worker: D1's folder: %w", err)
	}
	tmpl, err := template.New("workerd.capnp").Funcs(template.FuncMap{"quote": capnpString}).Parse(configTemplate)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return fmt.Errorf("worker: workerd config: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "config.capnp"), b.Bytes(), 0o600)
}

// capnpString quotes s as a Cap'n Proto text literal. Control characters
// have no place in the settings, so they are refused.
func capnpString(s string) (string, error) {
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("a value with a control character: %q", s)
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`, nil
}

// Memory is workerd's resident memory now and its peak since it started
// (Linux's VmRSS and VmHWM), in bytes.
func (r *Runtime) Memory() (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	if err != nil {
		return 0, 0, fmt.Errorf("worker: workerd's memory: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			rss = kb << 10
		}
		if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
			peak = kb << 10
		}
	}
	if rss == 0 || peak == 0 {
		return 0, 0, errors.New("worker: workerd's memory: no VmRSS or VmHWM in /proc")
	}
	return rss, peak, nil
}

// CPU is the processor time workerd has used since it started (user and
// system, from Linux's /proc; clock ticks of 10 ms).
func (r *Runtime) CPU() (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", r.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("worker: workerd's CPU time: %w", err)
	}
	// The command's name, in parentheses, may hold spaces: fields count
	// from after it. utime and stime are fields 14 and 15.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, errors.New("worker: workerd's CPU time: a short /proc stat")
	}
	var utime, stime int64
	if _, err := fmt.Sscan(fields[11]+" "+fields[12], &utime, &stime); err != nil {
		return 0, fmt.Errorf("worker: workerd's CPU time: %w", err)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}
