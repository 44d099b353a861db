// A local D1 for workerd. Cloudflare's D1 binding (the runtime's built-in
// module cloudflare-internal:d1-api, wrapped around a fetcher) posts each
// query as JSON to http://d1/query or /execute; on Cloudflare the D1
// service answers, here this worker does, from a SQLite-backed Durable
// Object on local disk. It keeps D1's wire shapes:
//
//   request   POST /query?resultsFormat=ROWS_AND_COLUMNS|ARRAY_OF_OBJECTS|NONE
//             {"sql": "...", "params": [...]}  or an array of them (a batch)
//   answer    {"success": true, "results": ..., "meta": {"changes", "last_row_id", ...}}
//             or {"success": false, "error": "..."}; an array for a batch
//
// A batch runs in one transaction, as D1's does. Byte arrays travel as
// arrays of numbers both ways. Only workerd's test configuration uses this
// file; a deployment binds a real D1 database (wrangler.jsonc).

export class D1Database {
  constructor(state) {
    this.storage = state.storage;
    this.sql = state.storage.sql;
  }

  async fetch(request) {
    const url = new URL(request.url);
    if (request.method !== "POST" || (url.pathname !== "/query" && url.pathname !== "/execute")) {
      return failure(404, `D1 has no endpoint ${request.method} ${url.pathname}; use POST /query or /execute`);
    }
    let body;
    try {
      body = await request.json();
    } catch (e) {
      return failure(400, `the D1 request is not JSON: ${e.message}`);
    }
    const batch = Array.isArray(body);
    const queries = batch ? body : [body];
    if (queries.length === 0 || !queries.every((q) => q && typeof q.sql === "string" && q.sql.trim() !== "")) {
      return failure(400, "each D1 query needs a non-empty sql string");
    }
    const format = url.searchParams.get("resultsFormat") || "ARRAY_OF_OBJECTS";
    try {
      const results = this.storage.transactionSync(() => queries.map((q) => this.run(q, format)));
      return Response.json(batch ? results : results[0]);
    } catch (e) {
      return failure(500, String((e && e.message) || e));
    }
  }

  // run executes one statement and reports it as D1 does.
  run(query, format) {
    const started = Date.now();
    const before = this.counters();
    const params = (query.params || []).map((p) => (Array.isArray(p) ? new Uint8Array(p).buffer : p));
    const cursor = this.sql.exec(query.sql, ...params);
    const rows = Array.from(cursor.raw(), (row) => row.map(fromSQLite));
    const columns = cursor.columnNames;
    const after = this.counters();
    const meta = {
      served_by: "vccnow-local-d1",
      duration: Date.now() - started,
      changes: after.changes - before.changes,
      last_row_id: after.lastRowId,
      changed_db: after.changes !== before.changes,
      rows_read: cursor.rowsRead,
      rows_written: cursor.rowsWritten,
    };
    if (format === "NONE") {
      return { success: true, meta };
    }
    if (format === "ROWS_AND_COLUMNS") {
      return { success: true, results: { columns, rows }, meta };
    }
    const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    return { success: true, results: objects, meta };
  }

  counters() {
    const row = this.sql.exec("SELECT total_changes() AS changes, last_insert_rowid() AS lastRowId").one();
    return { changes: row.changes, lastRowId: row.lastRowId };
  }
}

function fromSQLite(value) {
  return value instanceof ArrayBuffer ? Array.from(new Uint8Array(value)) : value;
}

function failure(status, message) {
  return Response.json({ success: false, error: message, meta: {} }, { status });
}

// Every request goes to the one database object (one D1 database).
export default {
  fetch(request, env) {
    return env.DATABASE.get(env.DATABASE.idFromName("db")).fetch(request);
  },
};
