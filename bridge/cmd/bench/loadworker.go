//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/worker"
)

// The load suite runs against the native bridge and then against the
// bridge as a Cloudflare Worker in workerd: the Worker bundle ./build.sh
// writes (.build/worker), its state in a local D1. Everything but the
// bridge is the same: the simulators, the ACD, the agents, the count of
// what the calls left in ServiceNow.
const (
	// loadWorkerAgents is how many agents drive the Worker. The design's
	// bar is at least 200, but a call costs workerd 100-140 ms of CPU (the
	// Worker's process 65-100, D1's 35-45; the native bridge about 20),
	// and workerd runs the Worker on one thread: on these two cores it
	// keeps within 50 ms up to 80 agents, keeps up to 120 with a p99 of
	// 50-300 ms, and at 200 serves every call, late (README.md, the load
	// suite on the Worker; workerAt200LoadTarget runs that).
	// VCCNOW_BENCH_LOAD_WORKER_AGENTS changes it.
	loadWorkerAgents = 60
	// loadWorkerCron is how often the cron trigger fires, as Cloudflare
	// does for the Worker's "* * * * *": the outbox's retries and what it
	// put off wait for it as they would deployed.
	loadWorkerCron = time.Minute
)

// loadTargets are the bridges the load suite runs against, in order;
// VCCNOW_BENCH_LOAD_BRIDGES ("native", "worker", "worker-200",
// comma-separated) picks among them.
func loadTargets() []loadTarget {
	all := []struct {
		key    string
		target loadTarget
	}{{"native", nativeLoadTarget}, {"worker", workerLoadTarget}, {"worker-200", workerAt200LoadTarget}}
	only := os.Getenv("VCCNOW_BENCH_LOAD_BRIDGES")
	var out []loadTarget
	for _, t := range all {
		if only == "" || contains(strings.Split(only, ","), t.key) {
			out = append(out, t.target)
		}
	}
	return out
}

// workerLoadTarget is the Worker in workerd, one process serving the
// Worker and its D1 (a SQLite Durable Object), with the pool's settings
// the Worker deploys with (VCCNOW_BENCH_LOAD_WORKER_INSTANCES sets
// VCCNOW_WORKER_INSTANCES, to explore).
var workerLoadTarget = loadTarget{
	name: "Worker under load", agents: loadWorkerAgents, agentsEnv: "VCCNOW_BENCH_LOAD_WORKER_AGENTS",
	where: "the Worker runs in workerd (its processes named below), the cron trigger firing every minute",
	// Long enough for a cron run to retry what failed.
	settle: loadWorkerCron + 15*time.Second,
	start:  startWorkerUnderLoad,
}

// workerAt200LoadTarget is the same Worker under the design's 200 agents
// (VCCNOW_BENCH_LOAD_WORKER_200_AGENTS changes it), beyond what its one
// thread keeps within 50 ms on these two cores: it reports how late the
// calls are served and that none is lost or duplicated, so calls are
// waited for longer after the window than loadDrain.
var workerAt200LoadTarget = func() loadTarget {
	t := workerLoadTarget
	t.name, t.agents, t.agentsEnv = "Worker under 200 agents", 200, "VCCNOW_BENCH_LOAD_WORKER_200_AGENTS"
	t.drain = 4 * time.Minute
	return t
}()

// workerUnderLoad is workerd serving the Worker for the load suite.
type workerUnderLoad struct {
	rt   *worker.Runtime
	log  *os.File
	idle int64 // the Worker's workerd's resident set once started, in bytes
	// workerd are the runtime's processes: the Worker's, and the local
	// D1's when it runs apart.
	workerd []loadProc
}

// startWorkerUnderLoad starts workerd with the bundle .build/worker on l,
// its D1 in dir, and fires the cron trigger once, as the first scheduled
// run after a deployment does: it links the VCC account and subscribes
// VCC's webhooks. workerd's output goes to .build/bench-load-workerd.log.
func startWorkerUnderLoad(root, dir string, l *net.TCPListener, cfg bridge.Config) (bridgeUnderLoad, error) {
	bin, err := worker.FindWorkerd(root)
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(root, ".build", "bench-load-workerd.log"))
	if err != nil {
		return nil, err
	}
	vars := worker.Vars(cfg)
	if n, err := strconv.Atoi(os.Getenv("VCCNOW_BENCH_LOAD_WORKER_INSTANCES")); err == nil && n > 0 {
		vars[worker.EnvInstances] = strconv.Itoa(n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rt, err := worker.Start(ctx, worker.Options{Workerd: bin, Bundle: filepath.Join(root, ".build", "worker"), Listener: l,
		DataDir: filepath.Join(dir, "d1"), Vars: vars, Cron: loadWorkerCron, Log: logFile})
	if err != nil {
		logFile.Close()
		return nil, fmt.Errorf("%w (was the Worker built? ./build.sh builds .build/worker)", err)
	}
	w := &workerUnderLoad{rt: rt, log: logFile, workerd: workerdProcesses(filepath.Base(bin))}
	if len(w.workerd) == 0 {
		w.stop()
		return nil, errors.New("workerd runs, but not as a child of this process")
	}
	if err := rt.Scheduled(ctx); err != nil {
		w.stop()
		return nil, err
	}
	if w.idle, _, err = rt.Memory(); err != nil {
		w.stop()
		return nil, err
	}
	return w, nil
}

func (w *workerUnderLoad) procs() []loadProc { return w.workerd }

func (w *workerUnderLoad) memoryRows(prefix string) []Row {
	_, peak, err := w.rt.Memory()
	if err != nil {
		return nil
	}
	note := fmt.Sprintf("the Worker's workerd's RSS (/proc, VmHWM): its warm Go instances; %.0f MB once started", float64(w.idle)/1e6)
	if len(w.workerd) == 1 {
		note += "; the local D1 is in the same process"
	}
	for _, p := range w.workerd[1:] {
		if hwm, ok := procStatus(p.pid, "VmHWM"); ok {
			note += fmt.Sprintf("; %s peaked at %.0f MB", p.name, float64(hwm)/1e6)
		}
	}
	return []Row{{Name: prefix + ": peak resident memory", Value: float64(peak), Unit: "bytes", Note: note}}
}

func (w *workerUnderLoad) stop() {
	w.rt.Stop()
	w.log.Close()
}

// loadProc is a process serving the bridge.
type loadProc struct {
	name string
	pid  int
}

// workerdProcesses are this process's children running workerd (named
// name), the Worker's first: the one serving config.capnp, the runtime's
// configuration of the Worker; any other serves the local D1.
func workerdProcesses(name string) []loadProc {
	var worker, others []loadProc
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if s[open+1:end] != name || len(fields) < 2 || fields[1] != strconv.Itoa(os.Getpid()) {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(s[:open]))
		if err != nil {
			continue
		}
		args, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "cmdline"))
		if contains(strings.Split(string(args), "\x00"), "config.capnp") {
			worker = append(worker, loadProc{name: "workerd serving the Worker", pid: pid})
		} else {
			others = append(others, loadProc{name: "workerd serving D1", pid: pid})
		}
	}
	return append(worker, others...)
}

// loadCPU is the processor time used while the calls were placed: by the
// bridge's processes and by this one (the simulators, the ACD and the
// agents), and how long the bridge's threads were ready to run but waited
// for a CPU (others' work on a shared machine shows here).
type loadCPU struct {
	wall  time.Duration
	procs []procCPUUse
	bench time.Duration
	calls int
	err   error
}

// procCPUUse is one process's share of loadCPU.
type procCPUUse struct {
	name      string
	cpu, wait time.Duration
}

func (c loadCPU) String() string {
	if c.err != nil {
		return "CPU time unknown: " + c.err.Error()
	}
	pct := func(d time.Duration) float64 { return 100 * d.Seconds() / c.wall.Seconds() }
	var parts []string
	for _, p := range c.procs {
		perCall := ""
		if c.calls > 0 {
			perCall = fmt.Sprintf(", %.0f ms a call", p.cpu.Seconds()*1000/float64(c.calls))
		}
		parts = append(parts, fmt.Sprintf("%s %.1f s (%.0f%% of one core%s; its threads waited %.1f s for a CPU)",
			p.name, p.cpu.Seconds(), pct(p.cpu), perCall, p.wait.Seconds()))
	}
	return fmt.Sprintf("CPU while calls were placed (%.0f s): %s, the suite's (simulators, ACD, agents) %.1f s (%.0f%%)",
		c.wall.Seconds(), strings.Join(parts, ", "), c.bench.Seconds(), pct(c.bench))
}

// perCall is the bridge's processes' CPU time per call, in milliseconds
// (0 when unknown).
func (c loadCPU) perCall() float64 {
	if c.err != nil || c.calls == 0 {
		return 0
	}
	var total time.Duration
	for _, p := range c.procs {
		total += p.cpu
	}
	return total.Seconds() * 1000 / float64(c.calls)
}

// cpuMeter measures loadCPU from startCPU to stop.
type cpuMeter struct {
	procs []loadProc
	start time.Time
	at    loadCPU
}

func startCPU(b bridgeUnderLoad) *cpuMeter {
	m := &cpuMeter{procs: b.procs(), start: time.Now()}
	m.at = m.read()
	return m
}

// read is the CPU used so far.
func (m *cpuMeter) read() loadCPU {
	var c loadCPU
	var err error
	if c.bench, err = selfCPU(); err != nil {
		return loadCPU{err: err}
	}
	for _, p := range m.procs {
		cpu, err1 := procCPU(p.pid)
		wait, err2 := runQueueWait(p.pid)
		if err := errors.Join(err1, err2); err != nil {
			return loadCPU{err: fmt.Errorf("%s: %w", p.name, err)}
		}
		c.procs = append(c.procs, procCPUUse{name: p.name, cpu: cpu, wait: wait})
	}
	return c
}

// stop ends the measure; calls is how many calls were placed.
func (m *cpuMeter) stop(calls int) loadCPU {
	now := m.read()
	if m.at.err != nil || now.err != nil {
		return loadCPU{err: errors.Join(m.at.err, now.err)}
	}
	now.wall, now.calls = time.Since(m.start), calls
	now.bench -= m.at.bench
	for i := range now.procs {
		now.procs[i].cpu -= m.at.procs[i].cpu
		now.procs[i].wait -= m.at.procs[i].wait
	}
	return now
}

// runQueueWait is how long a process's threads have waited, ready to
// run, for a CPU (Linux's /proc/<pid>/task/*/schedstat, second field);
// threads that ended are not counted.
func runQueueWait(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no /proc/%d/task/*/schedstat", pid)
	}
	var total int64
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue // the thread ended
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return 0, err
		}
		total += ns
	}
	return time.Duration(total), nil
}

// selfCPU is this process's processor time, user and system.
func selfCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

// procCPU is a process's processor time, user and system (Linux's
// /proc/<pid>/stat, in clock ticks of 10 ms).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command's name, in parentheses, may hold spaces: fields count
	// from after it. utime and stime are fields 14 and 15.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, errors.New("a short /proc stat")
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}
