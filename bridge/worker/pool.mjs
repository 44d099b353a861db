// The bridge Worker's entry point (the bundle's worker.mjs, in place of the
// one syumai/workers' workers-assets-gen writes): a pool of warm Go
// instances per isolate.
//
// syumai's entry starts a fresh Go instance for every event, ~35 ms of CPU
// and ~22 MiB each, most of a request's time. Here an instance, once
// started, stays and serves event after event, but only ONE at a time:
// sharing an instance between concurrent events fails in workerd (a
// goroutine's I/O would run in another request's context, and workerd drops
// a fetch started in a finished request's context). An event that finds no
// idle instance starts one while fewer than VCCNOW_WORKER_INSTANCES
// (default 2) exist, or else waits its turn in line (Wakeup: woken when an
// instance is handed to it, with a timer of its own pending so that
// workerd does not cancel it as hung).
//
// Each event's env and ctx are handed to Go with the event (the Go side,
// bridge/worker's ServeEvents, passes them into the handler), and the
// instance's runtime context, which syumai's packages read (D1's binding),
// points at them only while the event runs: before and after, it holds
// none, so nothing of an earlier event can be used by a later one.
//
// VCCNOW_WORKER_STATS=n logs an instance's memory, the JS values its Go
// program holds, its goroutines and its Go heap after every n events it
// served (tests read it to bound them).
//
// An instance goes back to the pool when its event has settled: the
// response is sent and the work the handler put in waitUntil is done. It is
// retired instead, and dropped, when
//   - it has served VCCNOW_WORKER_EVENTS_PER_INSTANCE events (default 10000),
//     a backstop against memory a long-lived instance could still gather;
//   - its event failed: a panic in a handler, a scheduled task that failed,
//     or the Go program exited. The event answers 500 (or its cron run
//     fails); the next event starts a fresh instance. Nothing is lost: the
//     bridge's state is in D1, and the outbox runs again what was not done.
// A retired instance is disposed of: its pending timers cleared and its
// memory let go at once, not when its last timer fires.
import "./wasm_exec.js";
import { createRuntimeContext, loadModule } from "./runtime.mjs";

const DEFAULT_INSTANCES = 2;
const DEFAULT_EVENTS_PER_INSTANCE = 10000;

// syumai's Go packages call tryCatch (jsutil.TryCatch).
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

// setting reads a positive whole number from the Worker's vars.
function setting(env, name, fallback) {
  const n = Number.parseInt(env?.[name] ?? "", 10);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

// Wakeup lets an event wait for something another party does (Go answering,
// an instance handed on) without spinning: the party calls wake() and the
// event's until() returns on its next turn. The promise is made in the
// waiting event's context; workerd runs the continuation there even when
// wake() is called from another event's context (Go may run in a timer an
// instance set during an earlier event), as long as the waiting event is
// alive, which it is while it waits. A 5 ms timer of the event's own stays
// pending meanwhile, so that workerd never takes the waiting event for
// hung (with nothing of its own pending, it would be cancelled), and it
// looks at cond() again on each: a backstop that never costs more than
// 5 ms. Timers in workerd are not free: each 1 ms timer the event waited
// on cost about 2 ms more than the wait itself.
class Wakeup {
  constructor() {
    this.wake = () => {};
  }

  async until(cond) {
    for (let i = 0; !cond(); i++) {
      if (i < 3) {
        // Go often answers in the same turn: a few microtasks first.
        await Promise.resolve();
        continue;
      }
      const woken = new Promise((resolve) => {
        this.wake = resolve;
      });
      let timer;
      const backstop = new Promise((resolve) => {
        timer = setTimeout(resolve, 5);
      });
      if (cond()) {
        clearTimeout(timer);
        break;
      }
      await Promise.race([woken, backstop]);
      clearTimeout(timer);
    }
    this.wake = () => {};
  }
}

let mod;
let started = 0; // instances started in this isolate, for the log

// Instance is one Go instance: bridge/cmd/worker, started once, serving one
// event at a time through the functions it puts in its binding.
class Instance {
  constructor(mod) {
    this.id = ++started;
    this.events = 0;
    this.failed = null; // why it must not serve again
    this.context = createRuntimeContext({ env: undefined, ctx: undefined, binding: { d1Batch } });
    this.go = new Go();
    let ready;
    this.ready = new Promise((resolve, reject) => {
      ready = resolve;
      this.current = reject; // a crash before main is ready
    });
    const wasm = new WebAssembly.Instance(mod, {
      ...this.go.importObject,
      workers: { ready: () => ready() },
    });
    // The Go program exits only when it crashed (main ends in select {}).
    // go.run's promise belongs to the event that started the instance and
    // cannot settle in another, so the exit is caught where Go reports it
    // and told to the event being served.
    const exit = this.go.exit;
    this.go.exit = (code) => {
      this.failed ??= new Error(`the Go instance ${this.id} exited with code ${code}`);
      try {
        exit(code);
      } catch {
        // go.run's promise belongs to an event that has ended.
      }
      this.current?.(this.failed);
    };
    this.go.run(wasm, this.context).catch(() => {});
  }

  // dispatch hands one event to Go and returns its outcome: the response
  // (fetch) or undefined (scheduled), and settled, which resolves when the
  // event's background work is done.
  async dispatch(kind, arg, env, ctx) {
    this.events++;
    this.context.env = env;
    this.context.ctx = ctx;
    // Go answers through callbacks that record the outcome and wake the
    // event (Wakeup: Go may be running in a timer the instance set during
    // an earlier event, so the event reads the outcome on its own turns).
    const state = { answered: false, settled: false };
    const wakeup = new Wakeup();
    const record = (outcome) => {
      Object.assign(state, outcome);
      wakeup.wake();
    };
    const handle = this.context.binding[kind];
    if (typeof handle !== "function") {
      throw new Error(`the Go instance has no ${kind} handler`);
    }
    // A crash fails the event, or settles it with the failure once it
    // was answered.
    this.current = (e) => {
      if (!state.answered) {
        Object.assign(state, { answered: true, error: e });
      }
      record({ settled: true, settleError: e });
    };
    if (this.failed) {
      throw this.failed;
    }
    // ctx stays here: Go does not use it, and every JS value handed to Go
    // is held until Go's garbage collector lets it go, with what it keeps
    // of its request.
    handle(arg, env, {
      respond: (v) => record({ answered: true, value: v }),
      fail: (message) => record({ answered: true, error: new Error(message) }),
      settled: (message) => record({ settled: true, settleError: message ? new Error(message) : null }),
    });
    await wakeup.until(() => state.answered);
    if (state.error) {
      throw state.error;
    }
    const settled = wakeup.until(() => state.settled).then(() => state.settleError);
    return { value: state.value, settled };
  }

  // done ends the event: the instance's runtime context forgets it.
  done() {
    this.current = undefined;
    this.context.env = undefined;
    this.context.ctx = undefined;
  }

  // dispose lets a retired instance's memory go. Go keeps a JS timer for
  // the next of its own timers (the bridge's setup sets one of 10 s) even
  // after that timer stopped, and the timer's callback holds the instance:
  // left pending, a retired instance's ~28 MB of memory stayed until it
  // fired, and at a few hundred requests a second, with an instance
  // retired every 1000 events, two or three of them at once. The timers
  // are cleared and the program's memory and values dropped, so that a
  // timer workerd still fires finds nothing to resume.
  dispose() {
    const go = this.go;
    for (const timer of go._scheduledTimeouts.values()) {
      clearTimeout(timer);
    }
    go._scheduledTimeouts.clear();
    go._resume = () => {};
    go._inst = undefined;
    go.mem = undefined;
    go._values = undefined;
    go._goRefCounts = undefined;
    go._ids = undefined;
    this.context.binding = {};
  }
}

// d1Batch runs a batch of the bridge's store (bridge/worker's D1Batcher) on
// a D1 binding: one round trip, one transaction. The statements come from Go
// as JSON text, [{sql, params}], and the results go back so, [{rows,
// changes}] with each row's values in column order: one crossing each way
// instead of one per value.
async function d1Batch(db, text) {
  const queries = JSON.parse(text);
  const results = await db.batch(queries.map((q) => db.prepare(q.sql).bind(...q.params)));
  return JSON.stringify(
    results.map((r) => ({
      rows: (r.results ?? []).map((row) => Object.values(row)),
      changes: r.meta?.changes ?? 0,
    })),
  );
}

// goStats is what the Go program says it holds, for the stats line.
function goStats(instance) {
  const stats = instance.context.binding.stats;
  if (typeof stats !== "function") {
    return "";
  }
  const s = stats();
  return `, ${s.goroutines} goroutines, Go heap ${s.heapAlloc} bytes after ${s.numGC} collections`;
}

// Pool is the isolate's instances and the events waiting for one, first
// come first served.
const pool = {
  instances: [],
  waiting: [],

  async acquire(env) {
    const idle = this.instances.find((i) => !i.busy);
    if (idle && this.waiting.length === 0) {
      idle.busy = true;
      return idle;
    }
    const cap = setting(env, "VCCNOW_WORKER_INSTANCES", DEFAULT_INSTANCES);
    if (this.instances.length < cap && this.waiting.length === 0) {
      return this.start();
    }
    const turn = { instance: null, wakeup: new Wakeup() };
    this.waiting.push(turn);
    // release or retire hands the turn an instance (or leave to start one)
    // and wakes it; the first in line may also start one when an instance
    // was retired meanwhile.
    await turn.wakeup.until(() => turn.instance !== null || (this.waiting[0] === turn && this.instances.length < cap));
    if (turn.instance === null) {
      this.waiting.shift();
      return this.start();
    }
    return turn.instance === "start" ? this.start() : turn.instance;
  },

  async start() {
    if (mod === undefined) {
      mod = await loadModule();
    }
    const instance = new Instance(mod);
    instance.busy = true;
    this.instances.push(instance);
    try {
      await instance.ready;
    } catch (e) {
      this.retire(instance);
      throw e;
    }
    return instance;
  },

  // release takes an instance back after its event settled, or retires it.
  release(instance, env) {
    instance.done();
    const every = setting(env, "VCCNOW_WORKER_STATS", 0);
    if (every > 0 && instance.events % every === 0) {
      const go = instance.go;
      console.log(
        `Go instance ${instance.id}: ${instance.events} events, ${go.mem.buffer.byteLength} bytes of memory, ` +
          `${go._values.length - go._idPool.length} JS values held` + goStats(instance),
      );
    }
    if (instance.failed || instance.events >= setting(env, "VCCNOW_WORKER_EVENTS_PER_INSTANCE", DEFAULT_EVENTS_PER_INSTANCE)) {
      if (instance.failed) {
        console.error(`Go instance ${instance.id} retired after ${instance.events} events: ${instance.failed.message ?? instance.failed}`);
      }
      this.retire(instance);
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next.instance = instance; // stays busy: handed on
      next.wakeup.wake();
    } else {
      instance.busy = false;
    }
  },

  retire(instance) {
    instance.failed ??= new Error("retired");
    this.instances = this.instances.filter((i) => i !== instance);
    instance.dispose();
    // A waiting event may start the instance that takes its place.
    const next = this.waiting.shift();
    if (next) {
      next.instance = "start";
      next.wakeup.wake();
    }
  },
};

async function fetch(req, env, ctx) {
  const body = req.body === null ? null : new Uint8Array(await req.arrayBuffer());
  const instance = await pool.acquire(env);
  let out;
  try {
    out = await instance.dispatch("fetch", { method: req.method, url: req.url, headers: [...req.headers], body }, env, ctx);
  } catch (e) {
    instance.failed ??= e;
    pool.release(instance, env);
    console.error(`${req.method} ${new URL(req.url).pathname}: ${e.message ?? e}`);
    return Response.json(
      { error: { code: "internal", message: "The bridge failed on this request; it is safe to try it again." } },
      { status: 500, headers: { "Cache-Control": "no-store" } },
    );
  }
  ctx.waitUntil(
    out.settled.then((e) => {
      if (e) {
        instance.failed ??= e;
      }
      pool.release(instance, env);
    }),
  );
  const { status, headers, body: resBody } = out.value;
  const nullBody = status === 101 || status === 204 || status === 205 || status === 304 || req.method === "HEAD";
  return new Response(nullBody ? null : resBody, { status, headers });
}

async function scheduled(event, env, ctx) {
  const instance = await pool.acquire(env);
  try {
    const out = await instance.dispatch("scheduled", { cron: event.cron, scheduledTime: event.scheduledTime }, env, ctx);
    const e = await out.settled;
    if (e) {
      throw e;
    }
  } catch (e) {
    instance.failed ??= e;
    throw e;
  } finally {
    pool.release(instance, env);
  }
}

export default { fetch, scheduled };
