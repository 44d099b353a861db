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
	//go:embed d1.capnp.tmpl
	d1ConfigTemplate string
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
	// D1InProcess runs the local D1 inside the bridge's workerd process
	// instead of a process of its own: cheaper on the CPU (no loopback
	// hop per query), which the tests want, many of them running at once
	// on a few cores; but Memory then counts the database's garbage too,
	// which on Cloudflare is no part of the Worker's.
	D1InProcess bool
}

// Runtime is workerd serving the bridge Worker, and a second workerd
// process serving the local D1: on Cloudflare, D1 is a service of its own,
// outside the Worker's isolate and process, so the bridge's process here
// holds only what a deployment's would (the Worker, with the stand-ins for
// Static Assets and the cron trigger), and its memory (Memory) is the
// Worker's, not the database's.
type Runtime struct {
	opt     Options
	cmd     *exec.Cmd
	exited  chan struct{}
	d1      *exec.Cmd
	d1Ended chan struct{}
	d1L     net.Listener
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
	r := &Runtime{opt: opt, exited: make(chan struct{}), stopped: make(chan struct{}), client: &http.Client{Timeout: 30 * time.Second}}
	d1Addr := ""
	if !opt.D1InProcess {
		if r.d1L, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		r.d1Ended = make(chan struct{})
		d1Addr = r.d1L.Addr().String()
	}
	if err := writeConfig(dir, opt, d1Addr); err != nil {
		if r.d1L != nil {
			r.d1L.Close()
		}
		os.RemoveAll(dir)
		return nil, err
	}
	if err := r.start(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() {
		<-r.exited
		if r.d1 != nil {
			<-r.d1Ended
		}
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

// start launches the local D1's workerd on its listener, then the bridge's
// on the listener's descriptor and a fresh one for the cron trigger.
func (r *Runtime) start(dir string) error {
	if r.d1L != nil {
		if err := r.startD1(dir); err != nil {
			return err
		}
	}
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
		r.endD1(syscall.SIGKILL)
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

// startD1 launches the local D1's workerd (d1.capnp) on r.d1L.
func (r *Runtime) startD1(dir string) error {
	f, err := r.d1L.(*net.TCPListener).File()
	if err != nil {
		r.d1L.Close()
		return fmt.Errorf("worker: hand D1's listener to workerd: %w", err)
	}
	defer f.Close()
	cmd := exec.Command(r.opt.Workerd, "serve", "--experimental", "--verbose", "d1.capnp", "--socket-fd", "d1=3")
	cmd.Dir = dir
	cmd.ExtraFiles = []*os.File{f}
	cmd.Stdout, cmd.Stderr = r.opt.Log, r.opt.Log
	if err := cmd.Start(); err != nil {
		r.d1L.Close()
		return fmt.Errorf("worker: start %s for D1: %w", r.opt.Workerd, err)
	}
	r.d1 = cmd
	go func() {
		_ = cmd.Wait()
		r.d1L.Close()
		close(r.d1Ended)
	}()
	return nil
}

// endD1 ends the local D1's workerd with sig (SIGKILL after 5 s), if it
// runs apart.
func (r *Runtime) endD1(sig syscall.Signal) {
	if r.d1 == nil {
		return
	}
	_ = r.d1.Process.Signal(sig)
	select {
	case <-r.d1Ended:
	case <-time.After(5 * time.Second):
		_ = r.d1.Process.Kill()
		<-r.d1Ended
	}
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
		case <-r.d1Ended: // nil, never ready, when D1 runs in process
			return fmt.Errorf("worker: the local D1's workerd exited (%v); its output is in the runtime's log", r.d1.ProcessState)
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
	// The database goes after the Worker, which may still be writing.
	r.endD1(sig)
	r.cronRan.Wait()
}

// configData fills workerd.capnp.tmpl.
type configData struct {
	DataDir           string
	AssetsDir         string
	CompatibilityDate string
	DB                string
	D1Address         string // "": the local D1 runs in the bridge's process
	Vars              []configVar
}

type configVar struct{ Name, Value string }

// writeConfig writes config.capnp (the bridge's process), d1.capnp (the
// local D1's process, serving at d1Addr), the bundle's modules (linked) and
// the local D1 and cron modules into dir.
func writeConfig(dir string, opt Options, d1Addr string) error {
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
	data := configData{DataDir: opt.DataDir, AssetsDir: assetsDir, CompatibilityDate: CompatibilityDate, DB: DBBinding,
		D1Address: d1Addr}
	for name, value := range opt.Vars {
		data.Vars = append(data.Vars, configVar{name, value})
	}
	sort.Slice(data.Vars, func(i, j int) bool { return data.Vars[i].Name < data.Vars[j].Name })
	if err := os.MkdirAll(opt.DataDir, 0o700); err != nil {
		return fmt.Errorf("worker: D1's folder: %w", err)
	}
	templates := map[string]string{"config.capnp": configTemplate}
	if d1Addr != "" {
		templates["d1.capnp"] = d1ConfigTemplate
	}
	for name, text := range templates {
		tmpl, err := template.New(name).Funcs(template.FuncMap{"quote": capnpString}).Parse(text)
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, data); err != nil {
			return fmt.Errorf("worker: workerd config %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// capnpString quotes s as a Cap'n Proto text literal. Control characters
// have no place in the settings, so they are refused.
func capnpString(s string) (string, error) {
	if strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("a value with a control character: %q", s)
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`, nil
}

// Memory is the bridge's workerd process's resident memory now and its
// peak since it started (Linux's VmRSS and VmHWM), in bytes: the Worker's,
// with the Static Assets and cron stand-ins; the local D1's process is
// apart (D1Memory).
func (r *Runtime) Memory() (rss, peak int64, err error) {
	return processMemory(r.cmd.Process.Pid)
}

// D1Memory is Memory for the local D1's workerd process.
func (r *Runtime) D1Memory() (rss, peak int64, err error) {
	if r.d1 == nil {
		return 0, 0, errors.New("worker: the local D1 runs in the bridge's process (Options.D1InProcess)")
	}
	return processMemory(r.d1.Process.Pid)
}

func processMemory(pid int) (rss, peak int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
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

// CPU is the processor time workerd has used since it started, the local
// D1's process included (user and system, from Linux's /proc; clock ticks
// of 10 ms).
func (r *Runtime) CPU() (time.Duration, error) {
	bridge, err := processCPU(r.cmd.Process.Pid)
	if err != nil {
		return 0, err
	}
	if r.d1 == nil {
		return bridge, nil
	}
	d1, err := processCPU(r.d1.Process.Pid)
	if err != nil {
		return 0, err
	}
	return bridge + d1, nil
}

func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
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
