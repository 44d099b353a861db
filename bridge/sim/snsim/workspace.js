/*
 * The Agent Workspace stand-in's own parts: the AWA presence menu, the inbox
 * of offered work items, record tabs (opened by openServiceNowForm or by
 * accepting an offer) with click-to-dial phone fields, and the wrap-up
 * dialog for open wrap-up segments. State arrives on the workspace event
 * feed (Server-Sent Events read with fetch, so the session token stays in
 * a header); OpenFrame events in it are forwarded to the panel as they are.
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
  var activeTab = "home";

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
      renderWrapUp();
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
      renderWrapUp();
    }
    if (ev.record) updateTabs(ev.record);
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
      if (action === "accept") openTab(offer.document.table, offer.document.sys_id, null);
    }, function (err) {
      card.querySelector('[data-testid="ws-offer-error"]').textContent = err.message;
    });
  }

  /* ---- record tabs ---- */

  ws.onFormOpened = function (form) {
    var q = parseQuery(form.query);
    if (!form.entity || !q.sys_id) return;
    var parent = null;
    if (form.interaction_sys_id && form.entity !== "interaction") {
      parent = openTab("interaction", form.interaction_sys_id, null);
    }
    openTab(form.entity, q.sys_id, parent, q.sysparm_query);
  };

  // parseQuery reads "sys_id=<id>&sysparm_query=a=b^c=d".
  function parseQuery(query) {
    var out = {};
    query.split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) out[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1));
    });
    return out;
  }

  // openTab opens (or shows again) a record's tab. In Agent Workspace a
  // record opened for an interaction is a subtab of the interaction's tab,
  // which is a top-level tab; a record already open elsewhere moves under
  // the interaction.
  function openTab(table, sysID, parent, prefill) {
    var key = table + ":" + sysID;
    var tab = findTab(key);
    if (tab && parent && !tab.parent && key !== parent && !ws.tabs.some(function (t) { return t.parent === key; })) {
      tab.parent = parent;
    }
    if (!tab) {
      tab = { key: key, table: table, sys_id: sysID, parent: parent, title: table, record: null, error: "" };
      ws.tabs.push(tab);
      if (sysID === "-1") {
        tab.title = "New " + table;
        tab.record = { table: table, sys_id: "-1", title: tab.title, fields: prefillFields(prefill) };
      } else {
        api("GET", "record/" + encodeURIComponent(table) + "/" + encodeURIComponent(sysID)).then(function (rec) {
          showRecord(tab, rec);
        }, function (err) { tab.error = err.message; renderTabs(); });
      }
    }
    activeTab = key;
    renderTabs();
    return key;
  }

  function findTab(key) {
    return ws.tabs.filter(function (t) { return t.key === key; })[0];
  }

  function prefillFields(query) {
    return (query || "").split("^").filter(Boolean).map(function (term) {
      var i = term.indexOf("=");
      return { name: term.slice(0, i), value: term.slice(i + 1), phone: /phone/.test(term.slice(0, i)) };
    });
  }

  function showRecord(tab, rec) {
    tab.record = rec;
    tab.title = rec.title || tab.table;
    renderTabs();
  }

  function updateTabs(rec) {
    ws.tabs.forEach(function (t) { if (t.table === rec.table && t.sys_id === rec.sys_id) showRecord(t, rec); });
  }

  // renderTabs draws the top-level tabs (Home, interactions, records opened
  // on their own), the subtabs of the selected top-level tab (the record
  // itself, then the records opened under it), and the selected record.
  function renderTabs() {
    var active = findTab(activeTab);
    var top = active ? (active.parent || active.key) : "home";
    var bar = document.getElementById("tabs");
    bar.textContent = "";
    bar.appendChild(el("button", { type: "button", role: "tab", "data-tab": "home", "aria-selected": String(top === "home") }, "Home"));
    ws.tabs.filter(function (t) { return !t.parent; }).forEach(function (t) {
      bar.appendChild(el("button", { type: "button", role: "tab", "data-tab": t.key, "data-testid": "ws-tab", "aria-selected": String(top === t.key) }, t.title));
    });
    var sub = document.getElementById("subtabs");
    sub.textContent = "";
    var children = ws.tabs.filter(function (t) { return t.parent === top; });
    sub.hidden = children.length === 0;
    sub.dataset.parent = top;
    [findTab(top)].concat(children).forEach(function (t) {
      if (!t || sub.hidden) return;
      sub.appendChild(el("button", { type: "button", role: "tab", "data-tab": t.key, "data-testid": "ws-subtab",
        "data-parent": top, "aria-selected": String(activeTab === t.key) }, t.title));
    });
    renderRecord(active);
  }

  function renderRecord(tab) {
    var body = document.getElementById("tab-body");
    body.textContent = "";
    if (!tab) { body.appendChild(el("h2", {}, "Welcome, " + ws.user.name)); return; }
    body.appendChild(el("h2", {}, tab.title));
    if (tab.error) { body.appendChild(el("p", { class: "error" }, tab.error)); return; }
    if (!tab.record) { body.appendChild(el("p", {}, "Loading…")); return; }
    if (tab.record.deleted) body.appendChild(el("p", { class: "error" }, "This record was deleted."));
    var table = el("table", { class: "record", "data-testid": "ws-record", "data-table": tab.table, "data-sys-id": tab.sys_id });
    tab.record.fields.forEach(function (f) {
      var row = el("tr", { "data-field": f.name });
      row.appendChild(el("th", {}, f.name));
      var cell = el("td");
      if (f.phone && f.value) {
        var a = el("a", { href: "#", "data-testid": "ws-dial", "data-number": f.value }, f.value);
        a.addEventListener("click", function (e) {
          e.preventDefault();
          ws.clickToDial(f.value, "new", { table: tab.table, sys_id: tab.sys_id });
        });
        cell.appendChild(a);
      } else {
        cell.textContent = f.display ? f.display : f.value;
      }
      row.appendChild(cell);
      table.appendChild(row);
    });
    body.appendChild(table);
  }

  ["tabs", "subtabs"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (e) {
      var b = e.target.closest("button[data-tab]");
      if (b) { activeTab = b.dataset.tab; renderTabs(); }
    });
  });

  // clickToDial raises openframe_communication as click-to-call does. The
  // payload is not documented; these are the two shapes public adapters
  // receive: "new" {type:"OUTGOING_CALL", data:{metaData:{phoneNumber}},
  // recordId, recordType} (the record the number was clicked on, when there
  // is one) and "old" {phone_number}.
  ws.clickToDial = function (number, shape, record) {
    var payload;
    if (shape === "old") {
      payload = { phone_number: String(number) };
    } else {
      payload = { type: "OUTGOING_CALL", data: { metaData: { phoneNumber: String(number) } } };
      if (record && record.sys_id) {
        payload.recordId = String(record.sys_id);
        payload.recordType = String(record.table || "");
      }
    }
    ws.toPanel("openframe_communication", payload);
    return payload;
  };

  /* ---- wrap-up ---- */

  // renderWrapUp shows the first wrap-up waiting for the agent: an open
  // wrap-up segment (from the Wrap Up API or an internal configuration)
  // with the codes its configuration allows.
  function renderWrapUp() {
    var form = document.getElementById("wrapup");
    var next = ws.wrapUps[0];
    form.hidden = !next;
    if (!next) return;
    if (form.dataset.segment !== next.segment) {
      form.dataset.segment = next.segment;
      form.dataset.interaction = next.interaction;
      form.dataset.external = String(next.external);
      var select = document.getElementById("wrapup-code");
      select.textContent = "";
      if (!next.enableCodes) select.appendChild(el("option", { value: "" }, "(no code)"));
      next.codes.forEach(function (c) { select.appendChild(el("option", { value: c }, c)); });
      if (next.defaultCode) select.value = next.defaultCode;
      document.getElementById("wrapup-notes").value = "";
      form.querySelector('[data-testid="ws-wrapup-error"]').textContent = "";
    }
    form.querySelector('[data-testid="ws-wrapup-interaction"]').textContent = next.number + (next.caller ? " · " + next.caller : "");
  }

  // submitWrapUp submits the wrap-up of a segment, or of the agent's
  // waiting segment of an interaction (id is either sys_id).
  ws.submitWrapUp = function (id, code, notes) {
    var card = ws.wrapUps.filter(function (c) { return c.segment === id || c.interaction === id; })[0];
    var body = card ? { segment: card.segment } : { interaction: id };
    body.code = code || "";
    body.notes = notes || "";
    return api("POST", "wrapup", body);
  };

  document.getElementById("wrapup").addEventListener("submit", function (e) {
    e.preventDefault();
    var form = e.target;
    ws.submitWrapUp(form.dataset.segment, document.getElementById("wrapup-code").value, document.getElementById("wrapup-notes").value)
      .catch(function (err) { form.querySelector('[data-testid="ws-wrapup-error"]').textContent = err.message; });
  });

  follow(250);
})();
