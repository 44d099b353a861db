package snsim

import (
	"maps"
	"sync"
)

// requestStats counts the REST requests the instance received, for tests
// and the benchmark ("at most 6 ServiceNow REST requests per call"):
// every request under /api/ (Table API, AWA, any other), each inner request
// of a Batch API call as one request, faulted and rejected requests
// included. Batch API envelopes are counted apart, and so are the inner
// requests they carried, so that GET /sim/stats says which is which (the
// benchmark reports both). POST /sim/stats/reset and POST /sim/reset zero
// them.
type requestStats struct {
	mu      sync.Mutex
	total   int
	batches int
	oauth   int
	// batchInner counts the inner requests Batch API envelopes carried
	// (also in total); the ByUser maps count envelopes and inner requests
	// by user.
	batchInner       int
	batchesByUser    map[string]int
	batchInnerByUser map[string]int
	tables           map[string]map[string]int // table -> method -> count
	byUser           map[string]int
	byPath           map[string]int
	byCode           map[string]int
}

// statEntry is one counted request.
type statEntry struct {
	method string
	path   string // normalized (parseAPIPath)
	table  string // Table API requests only
	user   string // "" when the request was not authenticated
	status string // "200", "429", ... or "dropped"
}

// statsSnapshot is GET /sim/stats's answer.
type statsSnapshot struct {
	// Total counts REST requests (batch envelopes excluded, their inner
	// requests included).
	Total int `json:"total"`
	// Tables counts Table API requests by table and method.
	Tables map[string]map[string]int `json:"tables"`
	// ByUser counts by authenticated user_name ("(none)" when
	// authentication failed or never ran).
	ByUser map[string]int `json:"byUser"`
	// ByPath counts by path, versions and sys_ids folded
	// ("/api/now/table/interaction", "/api/now/awa/agents/{sys_id}").
	ByPath map[string]int `json:"byPath"`
	// ByStatus counts by the status answered ("dropped" for dropped
	// connections).
	ByStatus map[string]int `json:"byStatus"`
	// Batches counts Batch API envelopes (not in Total).
	Batches int `json:"batches"`
	// BatchesByUser counts envelopes by the user they authenticated as.
	BatchesByUser map[string]int `json:"batchesByUser"`
	// BatchRequests counts the inner requests envelopes carried and ran
	// (each is also in Total, ByUser, ByPath...).
	BatchRequests int `json:"batchRequests"`
	// BatchRequestsByUser counts inner requests by user.
	BatchRequestsByUser map[string]int `json:"batchRequestsByUser"`
	// HTTPRequests counts what reached the instance as HTTP requests:
	// REST requests outside envelopes, plus the envelopes.
	HTTPRequests int `json:"httpRequests"`
	// TokenRequests counts POST /oauth_token.do requests (not REST requests).
	TokenRequests int `json:"tokenRequests"`
}

func newRequestStats() *requestStats {
	st := &requestStats{}
	st.reset()
	return st
}

// reset zeroes every count.
func (st *requestStats) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.total, st.batches, st.oauth, st.batchInner = 0, 0, 0, 0
	st.batchesByUser = map[string]int{}
	st.batchInnerByUser = map[string]int{}
	st.tables = map[string]map[string]int{}
	st.byUser = map[string]int{}
	st.byPath = map[string]int{}
	st.byCode = map[string]int{}
}

// record counts one REST request.
func (st *requestStats) record(e statEntry) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.total++
	if e.table != "" {
		if st.tables[e.table] == nil {
			st.tables[e.table] = map[string]int{}
		}
		st.tables[e.table][e.method]++
	}
	st.byUser[orNone(e.user)]++
	st.byPath[e.path]++
	st.byCode[e.status]++
}

func (st *requestStats) countBatch() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.batches++
}

// countBatchUser counts an envelope by its user ("" when it did not
// authenticate); the gate counts every envelope in batches.
func (st *requestStats) countBatchUser(user string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.batchesByUser[orNone(user)]++
}

// countBatchInner counts one inner request a Batch API envelope ran.
func (st *requestStats) countBatchInner(user string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.batchInner++
	st.batchInnerByUser[orNone(user)]++
}

func orNone(user string) string {
	if user == "" {
		return "(none)"
	}
	return user
}

func (st *requestStats) countTokenRequest() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.oauth++
}

// snapshot returns a copy of the counts.
func (st *requestStats) snapshot() statsSnapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	tables := make(map[string]map[string]int, len(st.tables))
	for t, byMethod := range st.tables {
		tables[t] = maps.Clone(byMethod)
	}
	return statsSnapshot{
		Total: st.total, Tables: tables, ByUser: maps.Clone(st.byUser), ByPath: maps.Clone(st.byPath),
		ByStatus: maps.Clone(st.byCode), Batches: st.batches, TokenRequests: st.oauth,
		BatchesByUser: maps.Clone(st.batchesByUser), BatchRequests: st.batchInner,
		BatchRequestsByUser: maps.Clone(st.batchInnerByUser), HTTPRequests: st.total - st.batchInner + st.batches,
	}
}
