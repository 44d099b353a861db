// Starts the connector: compiles connector.wasm while it downloads and runs
// the Go core. Everything after that happens in Go.
(() => {
  "use strict";
  const script = document.currentScript;
  const wasmURL = script.dataset.wasm;
  const boot = (window.__vccBoot = { loaderStart: performance.now(), console: [] });

  // Compile first: the module (5 MB) takes the longest of anything before
  // the panel works, so it starts before the loader does anything else (the
  // page's preload has already asked for it). Chrome streams the compile as
  // the bytes arrive and, for a module served from its HTTP cache (the URL
  // carries the build's hash and is cached for a year), keeps the compiled
  // code with it for the next load.
  const compiled = script.dataset.built === "true" ? compileModule() : null;
  if (compiled) compiled.catch(() => {}); // start() reports a failure

  // Keep the last lines the runtime printed (a Go panic lands here) for the
  // support log, whatever happens to the core.
  for (const level of ["log", "warn", "error"]) {
    const orig = console[level].bind(console);
    console[level] = (...args) => {
      boot.console.push(`${level}: ${args.map(String).join(" ")}`);
      if (boot.console.length > 200) boot.console.shift();
      orig(...args);
    };
  }

  const fail = (message) => {
    const app = document.getElementById("app");
    app.replaceChildren();
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.dataset.testid = "error";
    p.textContent = message;
    app.appendChild(p);
  };

  // After a reload, show the panel as it was at once, before the connector
  // has even downloaded: the Go core keeps a copy of what it painted, and
  // replaces it with the live panel within moments (controls wait for it).
  try {
    const paint = sessionStorage.getItem("vcc.paint");
    const snap = JSON.parse(sessionStorage.getItem("vcc.snapshot") || "null");
    const fresh = snap && Date.now() - Date.parse(snap.savedAt) < 10 * 60 * 1000;
    if (paint && fresh) {
      const app = document.getElementById("app");
      app.innerHTML = paint;
      app.classList.add("restoring");
      boot.prepainted = performance.now();
    }
  } catch (e) {
    // A damaged copy is ignored: the core paints from its snapshot anyway.
  }

  // After a reload of the leading tab, start at once what resuming the
  // session needs, while the connector downloads and compiles: the tab lock,
  // the microphone and the signaling socket. The Go core adopts them from
  // boot.early (wasm/tabs, wasm/softphone, wasm/vcc) and lets go of whatever
  // it does not use.
  const early = (boot.early = {});
  try {
    const snap = JSON.parse(sessionStorage.getItem("vcc.snapshot") || "null");
    const state = snap && snap.state;
    const fresh = snap && Date.now() - Date.parse(snap.savedAt) < 10 * 60 * 1000;
    if (fresh && state && state.signedIn && state.tabRole === "leader") {
      startEarly(early, JSON.parse(document.getElementById("connector-config").textContent));
    }
  } catch (e) {
    // Nothing is lost: the core starts all of it itself.
  }

  if (script.dataset.built !== "true") {
    fail("The connector has not been built on this server. Build it with ./build.sh and restart.");
    return;
  }

  const start = async () => {
    const module = await compiled;
    boot.compiled = performance.now();
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await go.run(instance);
    // main never returns while the panel is alive: reaching here is a crash.
    fail("The connector stopped unexpectedly. Reload the panel; your call is kept.");
  };

  start().catch((err) => fail(`The connector could not start: ${err.message}. Reload the panel.`));

  async function compileModule() {
    try {
      const response = fetch(wasmURL).then((r) => { boot.fetched = performance.now(); return r; });
      return await WebAssembly.compileStreaming(response);
    } catch (streamErr) {
      // Streaming needs application/wasm; a proxy that rewrites the type
      // should cost time, not the panel.
      const resp = await fetch(wasmURL);
      if (!resp.ok) throw new Error(`download failed (${resp.status})`);
      return WebAssembly.compile(await resp.arrayBuffer());
    }
  }

  function startEarly(early, config) {
    if (navigator.locks) {
      // The same request the core makes (wasm/tabs): held until stolen.
      const abort = new AbortController();
      const lock = { abort };
      lock.granted = new Promise((resolve) => {
        lock.done = navigator.locks.request("vcc-connector-leader", { mode: "exclusive", signal: abort.signal }, () => {
          resolve(true);
          // Held until the page goes (release, on pagehide) or it is stolen.
          return new Promise((release) => { lock.release = release; });
        });
      });
      lock.done.catch(() => {});
      early.lock = lock;
    }
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      // The same constraints the core asks for (wasm/softphone).
      early.mic = navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      early.mic.catch(() => {});
    }
    if (config.vccApi) {
      // Messages wait here until the core takes the socket over.
      const url = config.vccApi.replace(/^http/, "ws") + "/softphone/v1";
      const sock = { url, ws: new WebSocket(url), opened: false, messages: [], closed: null };
      sock.ws.onopen = () => { sock.opened = true; };
      sock.ws.onmessage = (ev) => sock.messages.push(ev.data);
      sock.ws.onclose = (ev) => { sock.closed = { code: ev.code, reason: ev.reason }; };
      early.socket = sock;
    }
  }
})();
