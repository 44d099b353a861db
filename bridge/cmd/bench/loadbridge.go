//go:build !js

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vccnow/connector/bridge"
)

// bridgeUnderLoad is the bridge the load suite drives: the native bridge
// as its own process (bridgeProcess) or the Worker in workerd
// (loadworker.go). Everything else — simulators, ACD, agents, the
// outcome's count — is the same for both.
type bridgeUnderLoad interface {
	// procs are the processes serving the bridge, for their CPU time.
	procs() []loadProc
	// memoryRows report its memory; prefix names the rows.
	memoryRows(prefix string) []Row
	// stop ends it, and every process it started.
	stop()
}

// loadTarget is one bridge the load suite runs against.
type loadTarget struct {
	// name prefixes the rows ("bridge under load").
	name string
	// agents is how many agents drive it unless agentsEnv says otherwise.
	agents    int
	agentsEnv string
	// where says how the bridge runs, for the latency row's note.
	where string
	// settle bounds the wait for the last interactions to close (0:
	// loadSettle).
	settle time.Duration
	// drain bounds how long calls placed in the window may take to end
	// after it (0: loadDrain).
	drain time.Duration
	// start serves the bridge on l (its address is cfg.PublicURL), with
	// files in dir, and returns once it answers.
	start func(root, dir string, l *net.TCPListener, cfg bridge.Config) (bridgeUnderLoad, error)
}

// nativeLoadTarget is the native bridge, built from bridge/cmd/bridge and
// run as its own process on a SQLite database.
var nativeLoadTarget = loadTarget{
	name: "bridge under load", agents: loadAgents, agentsEnv: "VCCNOW_BENCH_LOAD_AGENTS",
	where: "the bridge runs as its own process",
	start: func(root, dir string, l *net.TCPListener, cfg bridge.Config) (bridgeUnderLoad, error) {
		addr := l.Addr().String()
		l.Close() // the bridge process takes the port
		p, err := startBridgeProcess(root, dir, addr, filepath.Join(dir, "bridge.db"), cfg)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := p.waitHealthy(ctx, "http://"+addr); err != nil {
			p.stop()
			return nil, err
		}
		return p, nil
	},
}

func (p *bridgeProcess) procs() []loadProc {
	return []loadProc{{name: "the bridge's process", pid: p.cmd.Process.Pid}}
}

func (p *bridgeProcess) memoryRows(prefix string) []Row {
	rss, heap := p.memory()
	return []Row{
		{Name: prefix + ": peak resident memory", Value: float64(rss), Unit: "bytes", Note: "the bridge process's RSS (/proc, VmHWM)"},
		{Name: prefix + ": peak Go heap", Value: float64(heap), Unit: "bytes", Note: "the bridge's heap when a GC cycle started (GODEBUG=gctrace=1)"},
	}
}

// bridgeProcess is the bridge built from bridge/cmd/bridge and run as its
// own OS process, configured through its environment as a deployment is,
// so that its memory is its own: the process's resident set (sampled from
// /proc) and its Go heap (from the runtime's GC trace, GODEBUG=gctrace=1).
type bridgeProcess struct {
	cmd    *exec.Cmd
	exited chan struct{}

	mu sync.Mutex
	// peakRSS is the largest resident set sampled, in bytes.
	peakRSS int64
	// peakHeap is the largest Go heap a GC cycle started with, in bytes.
	peakHeap int64
	// tail keeps the process's last log lines, for errors.
	tail []string
}

// startBridgeProcess builds the bridge into dir and starts it on listen
// with the database db and the configuration cfg.
func startBridgeProcess(root, dir, listen, db string, cfg bridge.Config) (*bridgeProcess, error) {
	bin := filepath.Join(dir, "bridge")
	build := exec.Command("go", "build", "-o", bin, "./bridge/cmd/bridge")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build bridge/cmd/bridge: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"GODEBUG=gctrace=1", "VCCNOW_LOG_LEVEL=warn",
		"VCCNOW_LISTEN="+listen, "VCCNOW_DB="+db,
		"VCCNOW_INSTANCE_URL="+cfg.InstanceURL, "VCCNOW_VCC_AUTH_URL="+cfg.VCCAuthURL, "VCCNOW_VCC_API_URL="+cfg.VCCAPIURL,
		"VCCNOW_VCC_CLIENT_ID="+cfg.VCCClientID, "VCCNOW_SN_USER="+cfg.SNUser, "VCCNOW_SN_PASSWORD="+cfg.SNPassword,
		"VCCNOW_SN_CLIENT_ID="+cfg.SNClientID, "VCCNOW_SN_CLIENT_SECRET="+cfg.SNClientSecret,
		"VCCNOW_VCC_BRIDGE_CLIENT_ID="+cfg.VCCBridgeClientID, "VCCNOW_VCC_BRIDGE_SECRET="+cfg.VCCBridgeSecret,
		"VCCNOW_VCC_ACCOUNT_KEY="+cfg.VCCAccountKey,
		"VCCNOW_PUBLIC_URL="+cfg.PublicURL, "VCCNOW_WEBHOOK_SECRET="+cfg.WebhookSecret,
	)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the bridge: %w", err)
	}
	p := &bridgeProcess{cmd: cmd, exited: make(chan struct{})}
	go p.readLog(stderr)
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	go p.sampleRSS()
	return p, nil
}

// gcLine matches a GC trace line's heap sizes: "gc 7 @1.2s 1%: ... 12->13->6 MB".
var gcLine = regexp.MustCompile(`^gc \d+ .* (\d+)->(\d+)->(\d+) MB`)

func (p *bridgeProcess) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		p.mu.Lock()
		if m := gcLine.FindStringSubmatch(line); m != nil {
			mb, _ := strconv.ParseInt(m[1], 10, 64)
			p.peakHeap = max(p.peakHeap, mb<<20)
		} else {
			p.tail = append(p.tail, line)
			if len(p.tail) > 20 {
				p.tail = p.tail[1:]
			}
		}
		p.mu.Unlock()
	}
}

// sampleRSS reads the process's resident set every 100 ms until it exits.
func (p *bridgeProcess) sampleRSS() {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.exited:
			return
		case <-tick.C:
		}
		if rss, ok := procStatus(p.cmd.Process.Pid, "VmRSS"); ok {
			p.mu.Lock()
			p.peakRSS = max(p.peakRSS, rss)
			p.mu.Unlock()
		}
	}
}

// procStatus reads a size field ("VmRSS", "VmHWM") of /proc/<pid>/status,
// in bytes.
func procStatus(pid int, field string) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// memory returns the peak resident set and the peak Go heap seen so far;
// the resident set's high-water mark from the kernel counts when larger.
func (p *bridgeProcess) memory() (rss, heap int64) {
	hwm, _ := procStatus(p.cmd.Process.Pid, "VmHWM")
	p.mu.Lock()
	defer p.mu.Unlock()
	return max(p.peakRSS, hwm), p.peakHeap
}

// logTail is the process's last log lines.
func (p *bridgeProcess) logTail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.tail, "\n")
}

// waitHealthy waits until the bridge answers /healthz.
func (p *bridgeProcess) waitHealthy(ctx context.Context, url string) error {
	for {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("the bridge exited at start:\n%s", p.logTail())
		case <-ctx.Done():
			return fmt.Errorf("the bridge did not answer /healthz: %v\n%s", err, p.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop ends the process (SIGTERM, then SIGKILL after 5 s).
func (p *bridgeProcess) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}
