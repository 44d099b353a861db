// Starts the connector: compiles connector.wasm while it downloads and runs
// the Go core. Everything after that happens in Go.
(() => {
  "use strict";
  const script = document.currentScript;
  const wasmURL = script.dataset.wasm;
  const boot = (window.__vccBoot = { loaderStart: performance.now(), console: [] });

  // After a reload of the leading tab its snapshot (the core's, kept in
  // sessionStorage) lets the loader resume the session while the connector
  // compiles (below); resume is that snapshot, or null.
  let config = {};
  let resume = null;
  try {
    config = JSON.parse(document.getElementById("connector-config").textContent);
    const snap = JSON.parse(sessionStorage.getItem("vcc.snapshot") || "null");
    const state = snap && snap.state;
    const fresh = snap && Date.now() - Date.parse(snap.savedAt) < 10 * 60 * 1000;
    // The checks the core makes of a snapshot (cti.DecodeSnapshot), in short.
    if (fresh && state && state.signedIn && state.tabRole === "leader" && snap.instance === config.instance &&
        snap.session && snap.session.access && snap.session.resume) {
      resume = snap;
    }
  } catch (e) {
    // Nothing is lost: the core resumes the session itself.
  }

  // Compile first: the module (5 MB) takes the longest of anything before
  // the panel works, so it starts before the loader does anything else.
  // Chrome streams the compile as the bytes arrive; the URL carries the
  // build's hash and is cached for a year. While it resumes a session the
  // loader compiles in a worker (compile.js), so that this thread stays free
  // for the network meanwhile; otherwise here, which starts sooner.
  const compiled = script.dataset.built !== "true" ? null : resume ? compileInWorker() : compileHere();
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
  // the microphone, the signaling socket, the session's resumption and its
  // audio connection. The Go core adopts them from boot.early (wasm/tabs,
  // wasm/softphone, wasm/vccphone) and lets go of whatever it does not use.
  const early = (boot.early = {});
  try {
    if (resume) startEarly(early, config, resume);
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

  // compileInWorker compiles in a worker (compile.js) when it can, so the
  // page's main thread answers the network at once meanwhile, and on this
  // thread otherwise.
  function compileInWorker() {
    if (typeof Worker !== "function" || !script.dataset.compile) return compileHere();
    return new Promise((resolve) => {
      let worker;
      try {
        worker = new Worker(script.dataset.compile);
      } catch (e) {
        resolve(compileHere());
        return;
      }
      const local = (t) => t - performance.timeOrigin;
      worker.onmessage = (ev) => {
        const m = ev.data;
        if (m.fetched) { boot.fetched = local(m.fetched); return; }
        worker.terminate();
        if (m.module) {
          boot.compiledOff = local(m.compiled);
          resolve(m.module);
        } else {
          resolve(compileHere()); // it costs time, not the panel
        }
      };
      worker.onerror = () => { worker.terminate(); resolve(compileHere()); };
      worker.postMessage({ url: new URL(wasmURL, location.href).href });
    });
  }

  async function compileHere() {
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

  function startEarly(early, config, snap) {
    let led = Promise.resolve(false);
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
      led = lock.granted;
    }
    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      // The same constraints the core asks for (wasm/softphone).
      early.mic = navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      early.mic.catch(() => {});
    }
    if (!config.vccApi) return;
    // Messages wait here until the core takes the socket over, but for the
    // answer and candidates of the audio connection started below, which it
    // applies itself until the core adopts that connection.
    const url = config.vccApi.replace(/^http/, "ws") + "/softphone/v1";
    const sock = { url, ws: new WebSocket(url), opened: false, messages: [], closed: null, hello: "" };
    // send writes one signaling envelope (wasm/vcc: {v, type, id, data}).
    sock.send = (type, id, data) => sock.ws.send(JSON.stringify({ v: 1, type, id, data }));
    const media = typeof RTCPeerConnection === "function" ? startEarlyMedia(snap, sock) : null;
    sock.ws.onopen = () => {
      sock.opened = true;
      // Resume the session as the core would (wasm/vccphone's hello), but
      // only once this tab leads: two tabs must never both resume it.
      led.then((granted) => {
        if (!granted || sock.taken || sock.closed || sock.ws.readyState !== 1) return;
        const s = snap.session;
        sock.hello = "early-hello";
        sock.send("hello", sock.hello, {
          token: s.access, resumeToken: s.resume,
          client: { id: sessionStorage.getItem("vcc.clientId") || "", instance: snap.instance, browser: snap.browser || "" },
        });
        boot.helloSent = performance.now();
      });
    };
    sock.ws.onmessage = (ev) => {
      if (media && media.take(ev.data)) return;
      sock.messages.push(ev.data);
    };
    sock.ws.onclose = (ev) => { sock.closed = { code: ev.code, reason: ev.reason }; };
    early.socket = sock;
    if (media) early.media = media;
  }

  // startEarlyMedia makes the session's audio connection as the core would
  // (wasm/softphone: one sendrecv audio transceiver, the session's ICE
  // servers, the microphone muted if the call is) and offers it once the
  // resumed session is welcomed, so the caller is heard again while the
  // connector still compiles. The core adopts it (detach) and carries on.
  function startEarlyMedia(snap, sock) {
    const send = (type, data) => sock.send(type, undefined, data);
    const muted = (snap.state.calls || []).some((c) => c.muted);
    const pc = new RTCPeerConnection({ iceServers: snap.session.ice || [], bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" });
    const tr = pc.addTransceiver("audio", { direction: "sendrecv" });
    const media = { pc, audio: new Audio(), stream: null, offer: "", offerSent: false, answered: false, detached: false, welcomed: false };
    media.audio.autoplay = true;
    const candidates = [];
    const onCandidate = (ev) => {
      if (!ev.candidate || !ev.candidate.candidate) return;
      if (media.offerSent) send("candidate", ev.candidate.toJSON());
      else candidates.push(ev.candidate.toJSON());
    };
    const onTrack = (ev) => {
      media.stream = ev.streams[0] || new MediaStream([ev.track]);
      media.audio.srcObject = media.stream;
      media.audio.play().catch(() => {});
      listen();
    };
    // listen marks when the caller's audio first plays in this page
    // (boot.callerPlayed), as the core does (wasm/softphone, Media.played)
    // for audio it connects itself.
    const listen = () => {
      const receiver = pc.getReceivers()[0];
      if (!receiver || !receiver.getSynchronizationSources) return;
      let tries = 0;
      const poll = setInterval(() => {
        if (receiver.getSynchronizationSources().length > 0) boot.callerPlayed = performance.now();
        if (boot.callerPlayed || ++tries > 1000 || pc.signalingState === "closed") clearInterval(poll);
      }, 5);
    };
    pc.addEventListener("icecandidate", onCandidate);
    pc.addEventListener("track", onTrack);
    const sendOffer = () => {
      if (media.detached || media.offerSent || !media.offer || !media.welcomed || sock.ws.readyState !== 1) return;
      send("offer", { type: "offer", sdp: media.offer });
      media.offerSent = true;
      boot.offerSent = performance.now();
      for (const c of candidates.splice(0)) send("candidate", c);
    };
    if (boot.early.mic) {
      boot.early.mic.then((stream) => {
        // Also after the core adopted the connection: it sends the same
        // track, with the same mute, when it gets the microphone.
        const track = stream.getAudioTracks()[0];
        if (!track || pc.signalingState === "closed") return;
        track.enabled = !muted;
        tr.sender.replaceTrack(track).catch(() => {});
      }, () => {});
    }
    // ready gives the offer's SDP once it is the local description.
    media.ready = pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .then(() => { media.offer = pc.localDescription.sdp; sendOffer(); return media.offer; });
    media.ready.catch(() => {});
    // take handles a message the socket received before the core took it:
    // true when it was this connection's (it then never reaches the core).
    media.take = (data) => {
      if (media.detached) return false;
      let msg;
      try { msg = JSON.parse(data); } catch (e) { return false; }
      if (msg && msg.type === "welcome" && msg.id === sock.hello) {
        media.welcomed = true;
        queueMicrotask(sendOffer);
        return false; // the core needs the welcome too
      }
      if (!media.offerSent || !msg || !msg.data) return false;
      if (msg.type === "answer" && !media.answered) {
        media.answered = true;
        pc.setRemoteDescription({ type: "answer", sdp: msg.data.sdp }).catch(() => {});
        return true;
      }
      if (msg.type === "candidate" && media.answered) {
        if (msg.data.candidate) pc.addIceCandidate(msg.data).catch(() => {});
        return true;
      }
      return false;
    };
    // detach hands the connection to the core: from here on it sends the
    // candidates and applies what VCC says (through the socket's buffer).
    media.detach = () => {
      media.detached = true;
      pc.removeEventListener("icecandidate", onCandidate);
      pc.removeEventListener("track", onTrack);
      return candidates.splice(0);
    };
    return media;
  }
})();
