// Compiles connector.wasm off the page's main thread: a module this size
// keeps a main thread busy while it downloads and compiles, and after a
// reload the page needs that thread for resuming the session and its audio
// (loader.js). The compiled module is posted back to the page.
"use strict";
onmessage = async (ev) => {
  const at = () => performance.timeOrigin + performance.now();
  try {
    const response = fetch(ev.data.url).then((r) => { postMessage({ fetched: at() }); return r; });
    const module = await WebAssembly.compileStreaming(response);
    postMessage({ module, compiled: at() });
  } catch (err) {
    postMessage({ error: String((err && err.message) || err) });
  }
};
