/*
 * The Agent Workspace stand-in's TopFrame: hosts the OpenFrame panel
 * (iframe "gsft_openframe") and answers the openFrameAPI wire protocol the
 * way ServiceNow's sn_openframe TopFrame does. Messages are accepted only from
 * the panel's window and the configured panel origin.
 */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("workspace-config").textContent);
  var frame = document.getElementById("openframe");
  var panel = document.getElementById("openframe-panel");
  var panelOrigin = new URL(cfg.openframe.url).origin;
  var ws = (window.workspace = {
    user: cfg.user,
    openedForms: [],
    presenceIndicator: null,
    title: "",
    subtitle: "",
    log: [],
    toPanel: toPanel,
  });

  function toPanel(eventName, args) {
    if (!frame.contentWindow) return;
    frame.contentWindow.postMessage(JSON.stringify({ type: "NOW.PostMessage", eventName: eventName, args: args }), panelOrigin);
  }
  ws.toPanel = toPanel;

  function respond(id, ok, result) {
    toPanel("openframe_response", { isSuccess: ok, context: { id: id, result: result } });
  }

  function setVisible(v) {
    panel.hidden = !v;
    toPanel(v ? "openframe_shown" : "openframe_hidden", {});
  }

  var requests = {
    openframe_init: function () { return { topDomain: location.origin }; },
    openframe_get_config: function () { return cfg.openframe; },
    openframe_visible: function () { return !panel.hidden; },
    openframe_get_awa_agent_presence: function () { return ws.awaPresence ? ws.awaPresence() : null; },
  };

  var events = {
    openframe_show: function () { setVisible(true); },
    openframe_hide: function () { setVisible(false); },
    openframe_set_header_title: function (a) {
      if (a && "title" in a) { ws.title = String(a.title); document.getElementById("openframe-title").textContent = ws.title; }
      if (a && "subtitle" in a) { ws.subtitle = String(a.subtitle); document.getElementById("openframe-subtitle").textContent = ws.subtitle; }
    },
    openframe_set_size: function (a) { resize(a.width, a.height); },
    openframe_set_width: function (a) { resize(a.width, null); },
    openframe_set_height: function (a) { resize(null, a.height); },
    openframe_set_presence_indicator: function (a) {
      ws.presenceIndicator = { state: String(a.state), color: String(a.color || "") };
      if (ws.onPresenceIndicator) ws.onPresenceIndicator(ws.presenceIndicator);
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
    if (!el || !ws.presenceIndicator) return;
    el.textContent = ws.presenceIndicator.state;
    el.dataset.color = ws.presenceIndicator.color;
  }

  window.addEventListener("message", function (e) {
    if (e.source !== frame.contentWindow || e.origin !== panelOrigin) return;
    var msg;
    try { msg = typeof e.data === "string" ? JSON.parse(e.data) : e.data; } catch (_) { return; }
    if (!msg || msg.type !== "NOW.PostMessage") return;
    ws.log.push(msg.eventName);
    if (ws.log.length > 500) ws.log.shift();
    if (msg.eventName === "openframe_request") {
      var r = msg.args || {};
      var handler = requests[r.method];
      if (!handler) { respond(r.id, false, "Unknown method " + r.method); return; }
      try { respond(r.id, true, handler(r.payload)); } catch (err) { respond(r.id, false, String(err)); }
      return;
    }
    var h = events[msg.eventName];
    if (h) h(msg.args || {});
  });

  window.addEventListener("beforeunload", function () { toPanel("openframe_before_destroy", {}); });
  // ServiceNow's TopFrame tells the panel the session is alive.
  setInterval(function () { toPanel("openframe_heart_beat", { lastUiActivity: Date.now(), sessionLoggedIn: true }); }, 30000);
})();
