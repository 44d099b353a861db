//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// VCCNOW_BENCH_LOAD_BRIDGES picks the bridges the load suite drives.
func TestLoadTargets(t *testing.T) {
	names := func() []string {
		var n []string
		for _, target := range loadTargets() {
			n = append(n, target.name)
		}
		return n
	}
	t.Setenv("VCCNOW_BENCH_LOAD_BRIDGES", "")
	assert.Equal(t, []string{"bridge under load", "Worker under load", "Worker under 200 agents"}, names())
	t.Setenv("VCCNOW_BENCH_LOAD_BRIDGES", "worker")
	assert.Equal(t, []string{"Worker under load"}, names())
	t.Setenv("VCCNOW_BENCH_LOAD_BRIDGES", "worker,worker-200")
	assert.Equal(t, []string{"Worker under load", "Worker under 200 agents"}, names())
	assert.Equal(t, 200, workerAt200LoadTarget.agents)
	assert.Greater(t, workerAt200LoadTarget.drain, loadDrain, "late calls are waited for, not counted as failed")
	t.Setenv("VCCNOW_BENCH_LOAD_BRIDGES", "native")
	assert.Equal(t, []string{"bridge under load"}, names())
}

// The CPU meter reads a process's CPU time and run-queue wait from /proc,
// and finds the workerd children by their command and configuration.
func TestCPUMeter(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	m := &cpuMeter{procs: []loadProc{{name: "this test", pid: os.Getpid()}}, start: time.Now()}
	m.at = m.read()
	require.NoError(t, m.at.err)
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
	}
	c := m.stop(2)
	require.NoError(t, c.err)
	require.Len(t, c.procs, 1)
	assert.Greater(t, c.procs[0].cpu, time.Duration(0))
	assert.GreaterOrEqual(t, c.procs[0].wait, time.Duration(0))
	assert.Contains(t, c.String(), "this test")
	assert.Contains(t, c.String(), "ms a call")
	assert.InDelta(t, c.procs[0].cpu.Seconds()*1000/2, c.perCall(), 0.001)

	// Two children named workerd: the one serving config.capnp is the
	// Worker's, listed first.
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	bin := filepath.Join(t.TempDir(), "workerd")
	require.NoError(t, os.Symlink(sh, bin))
	var pids []int
	for _, config := range []string{"d1.capnp", "config.capnp"} {
		// The configuration's name is the script's $0, on its command line.
		cmd := exec.Command(bin, "-c", "sleep 30; :", config)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		pids = append(pids, cmd.Process.Pid)
	}
	procs := workerdProcesses("workerd")
	require.Len(t, procs, 2)
	assert.Equal(t, loadProc{name: "workerd serving the Worker", pid: pids[1]}, procs[0])
	assert.Equal(t, loadProc{name: "workerd serving D1", pid: pids[0]}, procs[1])
}

// The suite stops waiting for interactions to close once every call has
// one and every call it took to its wrap-up is closed: the calls it left
// unfinished (a bridge too slow to answer) can never close, and still
// count against the bar.
func TestLoadOutcomeSettled(t *testing.T) {
	for _, c := range []struct {
		o       loadOutcome
		settled bool
	}{
		{loadOutcome{calls: 10}, true},
		{loadOutcome{calls: 10, unclosed: 3, unfinished: 3}, true},
		{loadOutcome{calls: 10, unclosed: 3, unfinished: 2}, false},
		{loadOutcome{calls: 10, lost: 1}, false},
		{loadOutcome{calls: 10, duplicated: 1}, false},
	} {
		assert.Equal(t, c.settled, c.o.settled(), "%+v", c.o)
	}
	assert.Equal(t, 3, loadOutcome{calls: 10, unclosed: 3, unfinished: 3}.bad())
}
