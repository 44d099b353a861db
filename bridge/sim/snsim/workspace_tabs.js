/*
 * The Agent Workspace stand-in's record tabs (see workspace.js): records
 * opened by openServiceNowForm or by accepting an offer, as tabs and
 * interaction subtabs, with click-to-dial phone fields.
 *
 * Adds to window.workspace: onFormOpened(form) (called by topframe.js),
 * openTab(table, sys_id, parent), updateTabs(record), clickToDial(number,
 * shape, record).
 */
(function () {
  "use strict";
  var ws = window.workspace;
  var el = ws.ui.el, api = ws.ui.api;
  var activeTab = "home";

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

  ws.openTab = openTab;
  ws.updateTabs = updateTabs;
})();
