//go:build !js

package bridgetest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vccnow/connector/bridge/devstack"
)

// bridgeProcess is the bridge running as its own OS process
// (bridge/cmd/bridge), configured through its environment as a deployment
// would.
type bridgeProcess struct {
	t      testing.TB
	cmd    *exec.Cmd
	out    *lockedBuffer
	exited chan struct{}
}

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// bridgeBinary builds bridge/cmd/bridge once per test binary into a
// temporary folder and returns its path.
func bridgeBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := devstack.FindRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "bridgetest-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "bridge")
		cmd := exec.Command("go", "build", "-o", builtPath, "./bridge/cmd/bridge")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatalf("build bridge/cmd/bridge: %v", buildErr)
	}
	return builtPath
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// startBridgeProcess runs the bridge binary for e: its listen address, its
// database and the env's configuration, secrets in the environment.
func startBridgeProcess(t testing.TB, e *Env) *bridgeProcess {
	t.Helper()
	cfg := e.Config()
	cmd := exec.Command(bridgeBinary(t))
	cmd.Env = append(os.Environ(),
		"VCCNOW_LISTEN="+e.bridgeAddr,
		"VCCNOW_DB="+e.DBPath,
		"VCCNOW_INSTANCE_URL="+cfg.InstanceURL,
		"VCCNOW_VCC_AUTH_URL="+cfg.VCCAuthURL,
		"VCCNOW_VCC_API_URL="+cfg.VCCAPIURL,
		"VCCNOW_VCC_CLIENT_ID="+cfg.VCCClientID,
		"VCCNOW_SN_USER="+cfg.SNUser,
		"VCCNOW_SN_PASSWORD="+cfg.SNPassword,
		"VCCNOW_SN_CLIENT_ID="+cfg.SNClientID,
		"VCCNOW_SN_CLIENT_SECRET="+cfg.SNClientSecret,
		"VCCNOW_VCC_BRIDGE_CLIENT_ID="+cfg.VCCBridgeClientID, "VCCNOW_VCC_ACCOUNT_KEY="+cfg.VCCAccountKey,
		"VCCNOW_VCC_BRIDGE_SECRET="+cfg.VCCBridgeSecret,
		"VCCNOW_PUBLIC_URL="+cfg.PublicURL,
		"VCCNOW_WEBHOOK_SECRET="+cfg.WebhookSecret,
	)
	if cfg.Rules.Queues != nil {
		cmd.Env = append(cmd.Env, "VCCNOW_RULES_FILE="+jsonFile(t, "rules.json", cfg.Rules))
	}
	if cfg.Presence.ToAWA != nil {
		cmd.Env = append(cmd.Env, "VCCNOW_PRESENCE_FILE="+jsonFile(t, "presence.json", cfg.Presence))
	}
	p := &bridgeProcess{t: t, cmd: cmd, out: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the bridge process: %v", err)
	}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("bridge process output:\n%s", p.out.String())
		}
	})
	return p
}

// jsonFile writes v as JSON to a file of the test's and returns its path.
func jsonFile(t testing.TB, name string, v any) string {
	t.Helper()
	text, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, text, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// kill sends SIGKILL and waits until the process is gone.
func (p *bridgeProcess) kill() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatalf("kill the bridge (pid %d): %v", p.cmd.Process.Pid, err)
	}
	select {
	case <-p.exited:
	case <-time.After(Timeout):
		p.t.Fatalf("the bridge (pid %d) did not exit after SIGKILL", p.cmd.Process.Pid)
	}
}

// stop ends the process gracefully (SIGTERM), or kills it after 5 s.
func (p *bridgeProcess) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.exited
	}
}

// lockedBuffer collects output written from several goroutines (a
// process's two pipes, a logger).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
