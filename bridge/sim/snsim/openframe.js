/*
 * openFrameAPI for the ServiceNow instance simulator.
 *
 * A partner page loads this from the instance at
 * /scripts/openframe/latest/openFrameAPI.min.js, as it loads ServiceNow's own
 * library. It speaks the same wire protocol to the TopFrame: every message is
 * JSON {type:"NOW.PostMessage", eventName, args} posted to window.top, at most
 * 4400 characters; requests are "openframe_request" {id, method, payload}
 * answered by "openframe_response" {isSuccess, context:{id, result}}. Until
 * init succeeds messages go to "*"; afterwards only to the topDomain init
 * returned, and only messages from that origin and from window.top are heard.
 */
(function (global) {
  "use strict";
  var MAX_MESSAGE = 4400;
  var EVENTS = {
    COMMUNICATION_EVENT: "openframe_communication",
    COMMUNICATION_FAILURE: "openframe_communication_failure",
    HEADER_ICON_CLICKED: "openframe_header_icon_clicked",
    ICON_CLICKED: "openframe_icon_clicked",
    TITLE_ICON_CLICKED: "openframe_title_icon_clicked",
    OPENFRAME_SHOWN: "openframe_shown",
    OPENFRAME_HIDDEN: "openframe_hidden",
    OPENFRAME_BEFORE_DESTROY: "openframe_before_destroy",
    COLLAPSE: "openframe_collapse",
    EXPAND: "openframe_expand",
  };
  // Events delivered by name only (no EVENTS constant in the library).
  var NAMED = [
    "openframe_heart_beat",
    "openframe_awa_agent_presence",
    "openframe_awa_workitem_offered",
    "openframe_awa_workitem_accepted",
    "openframe_awa_workitem_rejected",
    "openframe_awa_client_offer",
    "openframe_agent_off_interaction",
    "interaction_control_action",
    "openframe_wrap_up_submitted",
  ];
  var valid = {};
  Object.keys(EVENTS).forEach(function (k) { valid[EVENTS[k]] = true; });
  NAMED.forEach(function (n) { valid[n] = true; });

  var topDomain = "*";
  var initialised = false;
  var subscribers = {};
  var pending = {};

  function fire(eventName, payload) {
    (subscribers[eventName] || []).slice().forEach(function (cb) {
      try { cb(payload); } catch (e) { if (global.console) console.error(e); }
    });
  }

  function send(eventName, args) {
    var msg = JSON.stringify({ type: "NOW.PostMessage", eventName: eventName, args: args });
    if (msg.length > MAX_MESSAGE) {
      fire(EVENTS.COMMUNICATION_FAILURE, "Message payload exceeds the supported limit");
      return false;
    }
    if (!global.top || global.top === global) {
      fire(EVENTS.COMMUNICATION_FAILURE, "The Top domain is undefined for cross domain messaging");
      return false;
    }
    global.top.postMessage(msg, topDomain);
    return true;
  }

  function request(method, payload, timeoutMs, done) {
    var id = method + "_" + Math.random().toString(36).slice(2);
    pending[id] = done;
    if (!send("openframe_request", { id: id, method: method, payload: payload })) {
      delete pending[id];
      done(false, "request could not be sent");
      return;
    }
    setTimeout(function () {
      if (pending[id]) {
        delete pending[id];
        done(false, "Openframe " + method.replace("openframe_", "") + " request timed out");
      }
    }, timeoutMs);
  }

  global.addEventListener("message", function (e) {
    if (e.source !== global.top) return;
    if (topDomain !== "*" && e.origin !== topDomain) return;
    var data;
    try { data = typeof e.data === "string" ? JSON.parse(e.data) : e.data; } catch (_) { return; }
    if (!data || data.type !== "NOW.PostMessage" || typeof data.eventName !== "string") return;
    if (data.eventName === "openframe_response") {
      var a = data.args || {};
      var ctx = a.context || {};
      var cb = pending[ctx.id];
      if (!cb) return;
      delete pending[ctx.id];
      cb(!!a.isSuccess, ctx.result);
      return;
    }
    if (!initialised) return;
    fire(data.eventName, data.args);
  });

  function needInit(name) {
    if (!initialised) throw new Error("openFrameAPI." + name + " called before init");
  }

  var api = {
    EVENTS: EVENTS,
    FRAME_MODE: { COLLAPSE: "collapse", EXPAND: "expand" },
    version: function () { return "1.0.5"; },
    init: function (config, success, failure) {
      config = config || {};
      request("openframe_init", config, 3000, function (ok, result) {
        if (!ok || !result || !result.topDomain) {
          if (failure) failure(typeof result === "string" ? result : "Openframe init request failed");
          return;
        }
        topDomain = result.topDomain;
        initialised = true;
        request("openframe_get_config", config, 3000, function (ok2, cfg) {
          if (ok2) { if (success) success(cfg); } else if (failure) failure(cfg);
        });
      });
    },
    subscribe: function (eventName, cb) {
      if (!valid[eventName]) throw new Error(eventName + " is not a valid event for subscription");
      (subscribers[eventName] = subscribers[eventName] || []).push(cb);
    },
    show: function () { needInit("show"); send("openframe_show", {}); },
    hide: function () { needInit("hide"); send("openframe_hide", {}); },
    isVisible: function (cb) { needInit("isVisible"); request("openframe_visible", {}, 3000, function (ok, v) { cb(ok && !!v); }); },
    setTitle: function (t) { needInit("setTitle"); send("openframe_set_header_title", { title: String(t).slice(0, 256) }); },
    setSubtitle: function (s) { needInit("setSubtitle"); send("openframe_set_header_title", { subtitle: String(s).slice(0, 256) }); },
    setSize: function (w, h) { needInit("setSize"); send("openframe_set_size", { width: w, height: h }); },
    setWidth: function (w) { needInit("setWidth"); send("openframe_set_width", { width: w }); },
    setHeight: function (h) { needInit("setHeight"); send("openframe_set_height", { height: h }); },
    setIcons: function (icons) { needInit("setIcons"); send("openframe_set_header_icons", { icons: icons }); },
    setTitleIcon: function (icon) { needInit("setTitleIcon"); send("openframe_set_header_title_icon", { titleIcon: icon }); },
    setFrameMode: function (mode) { needInit("setFrameMode"); send("openframe_set_frame_mode", { mode: mode }); },
    setPresenceIndicator: function (state, color) {
      needInit("setPresenceIndicator");
      send("openframe_set_presence_indicator", { state: state, color: color });
    },
    getAWAAgentPresence: function (success, failure) {
      needInit("getAWAAgentPresence");
      request("openframe_get_awa_agent_presence", {}, 3000, function (ok, r) { if (ok) { if (success) success(r); } else if (failure) failure(r); });
    },
    openServiceNowForm: function (details) {
      needInit("openServiceNowForm");
      var q = String((details && details.query) || "");
      if (/sysparm_stack|sysparm_goto_url/.test(q)) throw new Error("query must not contain sysparm_stack or sysparm_goto_url");
      send("openframe_set_top_frame_url", { form: details });
    },
    openServiceNowFormwithChildTab: function (o) { needInit("openServiceNowFormwithChildTab"); send("openframe_open_form_with_subtab", o); },
    openServiceNowList: function (details) { needInit("openServiceNowList"); send("openframe_set_top_frame_url", { list: details }); },
    openCustomURL: function (url) {
      needInit("openCustomURL");
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.indexOf("//") === 0) throw new Error("Custom url cannot be absolute");
      send("openframe_set_top_frame_url", { url: { url: String(url).slice(0, 2083) } });
    },
    setICContext: function (type, context) { needInit("setICContext"); send("openframe_set_ic_context", { type: type, context: context }); },
    toastMessage: function (message, type, duration) { needInit("toastMessage"); send("openframe_toast_message", { message: message, type: type, duration: duration }); },
  };
  global.openFrameAPI = api;
})(window);
