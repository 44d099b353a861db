/*
 * The Agent Workspace stand-in's own parts: the AWA presence menu and the
 * inbox of offered work items here; record tabs (opened by
 * openServiceNowForm or by accepting an offer) with click-to-dial phone
 * fields in workspace_tabs.js; the wrap-up dialog for open wrap-up segments
 * in workspace_wrapup.js. State arrives on the workspace event feed
 * (Server-Sent Events read with fetch, so the session token stays in a
 * header); OpenFrame events in it are forwarded to the panel as they are.
 *
 * Adds to window.workspace (see topframe.js):
 *   presence              the AWA presence {name, sys_id, available, channels}
 *   offers                the inbox cards
 *   wrapUps               wrap-ups waiting for the agent: open wrap-up
 *                         segments {segment, interaction, number, caller,
 *                         external, enableCodes, codes, defaultCode}
 *   tabs                  the open record tabs: {key, table, sys_id, parent,
 *                         title}; parent is the key of the interaction tab a
 *                         record opened under (null for a top-level tab)
 *   ui                    {el, api}: helpers the other workspace scripts use
 *   awaPresence()         promise of {presence} (getAWAAgentPresence)
 *   setPresence(name)     as the presence menu does
 *   clickToDial(number, shape, record)  raises openframe_communication:
 *                         shape "new" {type:"OUTGOING_CALL", data:{metaData:
 *                         {phoneNumber}}, recordId, recordType} (record:
 *                         {table, sys_id}, optional), "old" {phone_number}
 *   submitWrapUp(id, code, notes)  as the wrap-up dialog does, for a segment
 *                         or the agent's waiting segment of an interaction
 */
(function () {
  "use strict";
  var ws = window.workspace;
  var cfg = JSON.parse(document.getElementById("workspace-config").textContent);
  var ready, markReady;
  ready = new Promise(function (resolve) { markReady = resolve; });
  ws.presence = null;
  ws.offers = [];
  ws.wrapUps = [];
  ws.tabs = [];
  // Shared with workspace_tabs.js and workspace_wrapup.js.
  ws.ui = { el: el, api: api };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // api calls a workspace endpoint as the signed-in user.
  function api(method, path, body) {
    return fetch("/now/workspace/api/" + path, {
      method: method,
      headers: { "X-UserToken": ws.token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error((data.error && (data.error.detail || data.error.message)) || "HTTP " + res.status);
        return data.result;
      });
    });
  }

  /* ---- event feed ---- */

  function handle(ev) {
    if (ev.snapshot) {
      ws.offers = ev.snapshot.offers || [];
      ws.wrapUps = ev.snapshot.wrapUps || [];
      setPresence(ev.snapshot.presence);
      markReady();
      renderOffers();
      ws.renderWrapUp();
    }
    if (ev.presence) setPresence(ev.presence);
    if (ev.offer) {
      ws.offers = ws.offers.filter(function (o) { return o.sys_id !== ev.offer.sys_id; }).concat([ev.offer]);
      renderOffers();
    }
    if (ev.closed) {
      ws.offers = ws.offers.filter(function (o) { return o.sys_id !== ev.closed; });
      renderOffers();
    }
    if (ev.type === "wrapups") {
      ws.wrapUps = ev.wrapUps || [];
      ws.renderWrapUp();
    }
    if (ev.record) ws.updateTabs(ev.record);
    if (ev.panel) ws.toPanel(ev.panel.eventName, ev.panel.args);
  }

  // follow reads the feed until it ends, then reconnects with a growing
  // pause; every new stream starts with a snapshot.
  function follow(pause) {
    fetch("/now/workspace/api/feed", { headers: { "X-UserToken": ws.token, Accept: "text/event-stream" } })
      .then(function (res) {
        if (!res.ok || !res.body) throw new Error("event feed: HTTP " + res.status);
        pause = 250;
        var reader = res.body.getReader(), decoder = new TextDecoder(), buf = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return;
            buf += decoder.decode(chunk.value, { stream: true });
            var end;
            while ((end = buf.indexOf("\n\n")) >= 0) {
              var frame = buf.slice(0, end);
              buf = buf.slice(end + 2);
              var data = frame.split("\n").filter(function (l) { return l.indexOf("data: ") === 0; })
                .map(function (l) { return l.slice(6); }).join("\n");
              if (data) handle(JSON.parse(data));
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function (err) { if (window.console) console.warn(err); })
      .then(function () { setTimeout(function () { follow(Math.min(pause * 2, 5000)); }, pause); });
  }

  /* ---- presence ---- */

  function setPresence(p) {
    ws.presence = p;
    var badge = document.querySelector('[data-testid="ws-presence"]');
    badge.textContent = p.name;
    badge.dataset.name = p.name;
    badge.dataset.available = String(p.available);
    document.querySelectorAll('[data-testid="ws-presence-menu"] button').forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.sysId === p.sys_id));
    });
  }

  ws.awaPresence = function () { return ready.then(function () { return { presence: ws.presence }; }); };

  ws.setPresence = function (name) {
    var state = cfg.presenceStates.filter(function (s) { return s.name === name; })[0];
    if (!state) return Promise.reject(new Error("no presence state named " + name));
    return api("POST", "presence", { sys_id: state.sys_id }).then(function (p) { setPresence(p); return p; });
  };

  document.querySelector('[data-testid="ws-presence-menu"]').addEventListener("click", function (e) {
    var b = e.target.closest("button[data-state]");
    if (b) ws.setPresence(b.dataset.state).catch(function (err) { if (window.console) console.warn(err); });
  });

  /* ---- inbox ---- */

  function renderOffers() {
    var box = document.getElementById("offers");
    box.textContent = "";
    ws.offers.forEach(function (o) {
      var card = el("div", { class: "offer", "data-testid": "ws-offer", "data-work-item": o.sys_id });
      card.appendChild(el("div", { class: "caller", "data-testid": "ws-offer-caller" }, o.caller || "Unknown caller"));
      card.appendChild(el("div", { class: "meta", "data-testid": "ws-offer-number" }, o.number + " · " + o.channel + " · " + o.queue));
      card.appendChild(el("div", { class: "meta", "data-testid": "ws-offer-countdown", "data-expires-at": String(o.expiresAt) }, countdown(o)));
      var actions = el("div", { class: "actions" });
      var accept = el("button", { type: "button", "data-testid": "ws-accept" }, "Accept");
      accept.addEventListener("click", function () { act("accept", { work_item_id: o.sys_id }, card, o); });
      actions.appendChild(accept);
      if (o.allowReject && o.reasons.length) {
        var reason = el("select", { "data-testid": "ws-reject-reason", "aria-label": "Reject reason" });
        o.reasons.forEach(function (r) { reason.appendChild(el("option", { value: r.sys_id }, r.display_value)); });
        var reject = el("button", { type: "button", "data-testid": "ws-reject" }, "Reject");
        reject.addEventListener("click", function () { act("reject", { work_item_id: o.sys_id, reject_reason_id: reason.value }, card, o); });
        actions.appendChild(reason);
        actions.appendChild(reject);
      }
      card.appendChild(actions);
      card.appendChild(el("div", { class: "error", "data-testid": "ws-offer-error" }));
      box.appendChild(card);
    });
  }

  function countdown(o) {
    if (!o.expiresAt) return "No time limit";
    return Math.max(0, Math.ceil((o.expiresAt - Date.now()) / 1000)) + " s left";
  }

  setInterval(function () {
    document.querySelectorAll('[data-testid="ws-offer-countdown"]').forEach(function (c) {
      var at = Number(c.dataset.expiresAt);
      if (at) c.textContent = countdown({ expiresAt: at });
    });
  }, 250);

  function act(action, body, card, offer) {
    api("POST", "inbox/" + action, body).then(function () {
      if (action === "accept") ws.openTab(offer.document.table, offer.document.sys_id, null);
    }, function (err) {
      card.querySelector('[data-testid="ws-offer-error"]').textContent = err.message;
    });
  }

  // The feed starts once every workspace script has run (they add the tab
  // and wrap-up handlers the feed calls).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { follow(250); });
  } else {
    follow(250);
  }
})();
