// Runs static/callback.js in Node against a stand-in of the sign-in window:
// argv[2] is the script, argv[3] the scenario as JSON
// {href, posted, opener: "none"|"closed"|"open"}. Prints what the page did:
// {posted: [{msg, targetOrigin}], closed, url, status}.
const fs = require("fs");
const vm = require("vm");

const scenario = JSON.parse(process.argv[3]);
const url = new URL(scenario.href);
const result = { posted: [], closed: false, url: url.pathname + url.search + url.hash, status: "" };
const elements = {
  "signin-status": { set textContent(v) { result.status = v; }, get textContent() { return result.status; } },
};
if (scenario.posted !== null && scenario.posted !== undefined) {
  elements["signin-response"] = { textContent: scenario.posted };
}
let opener = null;
if (scenario.opener !== "none") {
  opener = {
    closed: scenario.opener === "closed",
    postMessage(msg, targetOrigin) {
      result.posted.push({ msg: JSON.parse(JSON.stringify(msg)), targetOrigin });
    },
  };
}
const window = {
  opener,
  close() { result.closed = true; },
};
const sandbox = {
  window,
  document: { getElementById: (id) => elements[id] || null },
  location: { origin: url.origin, pathname: url.pathname, search: url.search, hash: url.hash },
  history: { replaceState(_s, _t, u) { result.url = u; } },
  URLSearchParams,
  JSON,
};
vm.runInNewContext(fs.readFileSync(process.argv[2], "utf8"), sandbox, { filename: "callback.js" });
console.log(JSON.stringify(result));
