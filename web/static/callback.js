// The sign-in window's last page, /signin/callback on the panel's own origin
// (the redirect_uri registered at VCC). VCC's sign-in redirects here with its
// answer in the query (or the fragment), or posts it here (form_post), and
// the bridge then puts it in the page as JSON. This script hands the answer
// to the panel that opened the window and closes the window; the message's
// shape is vcc.CallbackMessage (wasm/vcc/callback.go).
(() => {
  "use strict";
  const TYPE = "vccnow.signin.callback";
  const PARAMS = ["code", "state", "error", "error_description", "iss"];
  const say = (text) => {
    document.getElementById("signin-status").textContent = text;
  };

  // Only the answer's own parameters, each sent once (RFC 6749 §3.1).
  const fromParams = (q) => {
    const out = {};
    for (const k of PARAMS) {
      if (q.getAll(k).length === 1) out[k] = q.get(k);
    }
    return out;
  };
  const read = () => {
    const posted = document.getElementById("signin-response");
    if (posted) {
      try {
        const v = JSON.parse(posted.textContent);
        return v && typeof v === "object" ? v : {};
      } catch (e) {
        return {};
      }
    }
    const query = new URLSearchParams(location.search);
    if (query.has("code") || query.has("error")) return fromParams(query);
    return fromParams(new URLSearchParams(location.hash.slice(1)));
  };

  const answer = read();
  try {
    history.replaceState(null, "", location.pathname); // the code leaves the window's history
  } catch (e) {
    // Nothing depends on it.
  }
  const msg = { type: TYPE };
  for (const k of PARAMS) {
    if (typeof answer[k] === "string") msg[k] = answer[k];
  }
  if (!msg.code && !msg.error) {
    say("This window received no sign-in answer. Close it, then click Sign in in the phone panel.");
    return;
  }
  let opener = null;
  try {
    opener = window.opener;
  } catch (e) {
    opener = null;
  }
  if (!opener || opener.closed) {
    say("The phone panel that opened this window is no longer connected to it, so your sign-in cannot finish here. " +
      "Close this window, then click Sign in in the phone panel again.");
    return;
  }
  // Only a window on this very origin, the panel's, receives the answer.
  opener.postMessage(msg, location.origin);
  say(msg.error
    ? "VCC did not sign you in; the phone panel says why. You can close this window."
    : "You are signed in. This window closes by itself; if it stays open, close it.");
  window.close();
})();
