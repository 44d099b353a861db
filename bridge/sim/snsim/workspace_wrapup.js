/*
 * The Agent Workspace stand-in's wrap-up dialog (see workspace.js and
 * workspace_wrapup.go): the first open wrap-up segment waiting for the
 * agent, with the codes its configuration allows.
 *
 * Adds to window.workspace: renderWrapUp() (called by the feed),
 * submitWrapUp(id, code, notes).
 */
(function () {
  "use strict";
  var ws = window.workspace;
  var el = ws.ui.el, api = ws.ui.api;

  // renderWrapUp shows the first wrap-up waiting for the agent: an open
  // wrap-up segment (from the Wrap Up API or an internal configuration)
  // with the codes its configuration allows.
  ws.renderWrapUp = function () {
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
  };

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
})();
