/*
 * The Agent Workspace stand-in's TopFrame: hosts the OpenFrame panel
 * (iframe "gsft_openframe") and answers the openFrameAPI wire protocol the
 * way ServiceNow's sn_openframe TopFrame does. Messages are accepted only from
 * the panel's window and the configured panel origin.
 *
 * Server side it talks to OpenFrameAjaxUtility through
 * /sn_openframe_openFrameAjaxProcessor.do (GlideAjax: form-encoded request,
 * XML answer), authenticated by the page's session token (g_ck), for the
 * OpenFrame configuration and the user's preferences.
 *
 * setPresenceIndicator only paints the workspace's presence indicator
 * (api-reference/c_openFrameAPI.md: it displays availability); it never
 * changes AWA presence.
 *
 * window.workspace (for tests and support):
 *   user, token           the signed-in user and the session token
 *   openedForms           forms, lists and URLs the panel asked to open
 *   presenceIndicator     {state, color} last set by setPresenceIndicator
 *   log                   messages sent to the panel, {eventName, args}
 *   received              event names received from the panel
 *   toPanel(name, args)   sends an event to the panel
 *   ajax(name, params)    calls OpenFrameAjaxUtility; resolves to its answer
 * workspace.js adds the rest (presence, offers, clickToDial, submitWrapUp).
 */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("workspace-config").textContent);
  var frame = document.getElementById("openframe");
  var panel = document.getElementById("openframe-panel");
  var panelOrigin = new URL(frame.src, location.href).origin;
  var MAX_LOG = 500;
  window.g_ck = cfg.token;
  var ws = (window.workspace = {
    user: cfg.user,
    token: cfg.token,
    openedForms: [],
    presenceIndicator: null,
    title: "",
    subtitle: "",
    log: [],
    received: [],
  });

  function remember(list, entry) {
    list.push(entry);
    if (list.length > MAX_LOG) list.shift();
  }

  ws.toPanel = function (eventName, args) {
    // at: when it was sent (ms since the epoch), for latency measurements.
    remember(ws.log, { eventName: eventName, args: args, at: performance.timeOrigin + performance.now() });
    if (!frame.contentWindow) return;
    frame.contentWindow.postMessage(JSON.stringify({ type: "NOW.PostMessage", eventName: eventName, args: args }), panelOrigin);
  };

  // ajax calls OpenFrameAjaxUtility and resolves to its answer (JSON).
  ws.ajax = function (name, params) {
    var body = new URLSearchParams({ sysparm_processor: "OpenFrameAjaxUtility", sysparm_name: name });
    Object.keys(params || {}).forEach(function (k) { body.set(k, params[k]); });
    return fetch("/sn_openframe_openFrameAjaxProcessor.do", {
      method: "POST",
      headers: { "X-UserToken": cfg.token, "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
    }).then(function (res) {
      return res.text().then(function (text) {
        var xml = new DOMParser().parseFromString(text, "application/xml").documentElement;
        if (!res.ok) throw new Error(xml.getAttribute("error") || name + " failed with HTTP " + res.status);
        var answer = xml.getAttribute("answer");
        return answer ? JSON.parse(answer) : null;
      });
    });
  };

  function respond(id, ok, result) {
    ws.toPanel("openframe_response", { isSuccess: ok, context: { id: id, result: result } });
  }

  function setVisible(v) {
    panel.hidden = !v;
    ws.toPanel(v ? "openframe_shown" : "openframe_hidden", {});
  }

  // Requests may answer a value or a promise of one.
  var requests = {
    openframe_init: function () { return { topDomain: location.origin }; },
    openframe_get_config: function () { return ws.ajax("getOpenFrameConfiguration"); },
    openframe_visible: function () { return !panel.hidden; },
    openframe_get_awa_agent_presence: function () {
      if (!ws.awaPresence) throw new Error("AWA presence is not available in this workspace");
      return ws.awaPresence();
    },
  };

  var events = {
    openframe_show: function () { setVisible(true); },
    openframe_hide: function () { setVisible(false); },
    openframe_set_header_title: function (a) {
      if ("title" in a) { ws.title = String(a.title); document.getElementById("openframe-title").textContent = ws.title; }
      if ("subtitle" in a) { ws.subtitle = String(a.subtitle); document.getElementById("openframe-subtitle").textContent = ws.subtitle; }
    },
    openframe_set_size: function (a) { resize(a.width, a.height); },
    openframe_set_width: function (a) { resize(a.width, null); },
    openframe_set_height: function (a) { resize(null, a.height); },
    // setPresenceIndicator displays the state the panel gives in the
    // workspace's indicator, and does nothing else: AWA presence changes
    // through the AWA Agent API, the presence menu and AWA's timeouts only.
    openframe_set_presence_indicator: function (a) {
      ws.presenceIndicator = { state: String(a.state), color: String(a.color || "") };
      renderIndicator();
    },
    openframe_set_top_frame_url: function (a) {
      if (a.form) openForm(a.form);
      else if (a.list) ws.openedForms.push({ list: a.list });
      else if (a.url) ws.openedForms.push({ url: a.url.url });
    },
    openframe_open_form_with_subtab: function (a) {
      openForm({ entity: a.entity, query: "sys_id=" + a.sys_id, interaction_sys_id: a.parent_entity === "interaction" ? a.parent_entity_sys_id : "" });
    },
  };

  function resize(w, h) {
    var maxW = Math.floor(window.innerWidth * 0.75), maxH = Math.floor(window.innerHeight * 0.75);
    if (w > 0) frame.style.width = Math.min(w, maxW) + "px";
    if (h > 0) frame.style.height = Math.min(h, maxH) + "px";
  }

  function openForm(form) {
    var entry = { entity: String(form.entity || ""), query: String(form.query || ""), interaction_sys_id: String(form.interaction_sys_id || "") };
    ws.openedForms.push(entry);
    if (ws.onFormOpened) ws.onFormOpened(entry);
  }

  function renderIndicator() {
    var el = document.getElementById("presence-indicator");
    el.textContent = ws.presenceIndicator.state;
    el.dataset.color = ws.presenceIndicator.color;
    el.hidden = false;
  }

  window.addEventListener("message", function (e) {
    if (e.source !== frame.contentWindow || e.origin !== panelOrigin) return;
    var msg;
    try { msg = typeof e.data === "string" ? JSON.parse(e.data) : e.data; } catch (_) { return; }
    if (!msg || msg.type !== "NOW.PostMessage" || typeof msg.eventName !== "string") return;
    remember(ws.received, msg.eventName);
    var args = msg.args && typeof msg.args === "object" ? msg.args : {};
    if (msg.eventName === "openframe_request") {
      var handler = requests[args.method];
      if (!handler) { respond(args.id, false, "Unknown method " + args.method); return; }
      new Promise(function (resolve) { resolve(handler(args.payload)); }).then(
        function (result) { respond(args.id, true, result); },
        function (err) { respond(args.id, false, String(err && err.message || err)); });
      return;
    }
    var h = events[msg.eventName];
    if (h) h(args);
  });

  window.addEventListener("beforeunload", function () { ws.toPanel("openframe_before_destroy", {}); });
  // ServiceNow's TopFrame tells the panel the session is alive.
  setInterval(function () { ws.toPanel("openframe_heart_beat", { lastUiActivity: Date.now(), sessionLoggedIn: true }); }, 30000);
})();
