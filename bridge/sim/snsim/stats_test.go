package snsim

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStats(t *testing.T) {
	f := newRESTFixture(t)
	f.get("/api/now/table/interaction")
	f.get("/api/now/v2/table/interaction?sysparm_limit=1")
	created := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"type": "phone"}}), http.StatusCreated)
	f.do(restReq{method: http.MethodPatch, path: "/api/now/v1/table/interaction/" + created["sys_id"].(string), body: map[string]string{"state": "new"}})
	f.do(restReq{path: "/api/now/table/incident", user: "beth.anglin", pass: "wrong"})
	f.get("/api/now/awa/agents/" + bethID)
	f.get("/now/workspace/agent?user=beth.anglin")
	f.token(passwordGrant("vcc.integration", "integration"))

	st := decodeAs[statsSnapshot](t, f.do(restReq{path: "/sim/stats", noAuth: true}))
	assert.Equal(t, 6, st.Total, "every /api/ request, nothing else")
	assert.Equal(t, map[string]map[string]int{
		"interaction": {"GET": 2, "POST": 1, "PATCH": 1},
		"incident":    {"GET": 1},
	}, st.Tables)
	assert.Equal(t, map[string]int{"vcc.integration": 5, "(none)": 1}, st.ByUser)
	assert.Equal(t, map[string]int{
		"/api/now/table/interaction": 4, "/api/now/table/incident": 1, "/api/now/awa/agents/{sys_id}": 1,
	}, st.ByPath)
	assert.Equal(t, 1, st.ByStatus["401"])
	assert.Equal(t, 1, st.ByStatus["201"])
	assert.Equal(t, 1, st.TokenRequests)

	assert.Equal(t, http.StatusNoContent, f.do(restReq{method: http.MethodPost, path: "/sim/stats/reset", noAuth: true}).Code)
	st = decodeAs[statsSnapshot](t, f.do(restReq{path: "/sim/stats", noAuth: true}))
	assert.Equal(t, 0, st.Total)
	assert.Empty(t, st.Tables)
}

func TestParseAPIPath(t *testing.T) {
	tests := []struct {
		path string
		want apiPath
	}{
		{"/api/now/table/incident", apiPath{api: tableAPI, table: "incident", normalized: "/api/now/table/incident"}},
		{"/api/now/v1/table/incident/" + inc101ID, apiPath{api: tableAPI, table: "incident", normalized: "/api/now/table/incident"}},
		{"/api/now/v2/table/sys_user", apiPath{api: tableAPI, table: "sys_user", normalized: "/api/now/table/sys_user"}},
		{"/api/now/v1/batch", apiPath{api: batchAPI, normalized: "/api/now/batch"}},
		{"/api/now/awa/agents/" + bethID + "/capacities", apiPath{api: awaAPI, normalized: "/api/now/awa/agents/{sys_id}/capacities"}},
		{"/api/now/awa/documents/interaction/" + inc101ID + "/offer", apiPath{api: awaAPI, normalized: "/api/now/awa/documents/interaction/{sys_id}/offer"}},
		{"/api/now/openframe/voice-interaction", apiPath{api: otherAPI, normalized: "/api/now/openframe/voice-interaction"}},
		{"/api/now/table/", apiPath{api: otherAPI, normalized: "/api/now/table/"}},
		{"/now/workspace/agent", apiPath{}},
		{"/oauth_token.do", apiPath{}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			assert.Equal(t, tc.want, parseAPIPath(tc.path))
		})
	}
}

func TestResetRestoresTheSeed(t *testing.T) {
	f := newRESTFixture(t)
	var changes []Change
	cancel := f.s.DB.Subscribe(func(c Change) { changes = append(changes, c) })
	defer cancel()

	resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"type": "phone"}}), http.StatusCreated)
	resultOne(t, f.do(restReq{method: http.MethodPatch, path: "/api/now/table/sys_user/" + davidID, body: map[string]string{"phone": "+10000000000"}, user: "admin", pass: "admin"}), http.StatusOK)
	f.setRateRule(`{"user":"vcc.integration","limit":1}`)
	f.addFault(`{"status":503,"count":9,"path_prefix":"/api/now/table/task"}`)
	tok := decodeAs[tokenResponse](t, f.token(passwordGrant("vcc.integration", "integration")))

	rec := f.do(restReq{method: http.MethodPost, path: "/sim/reset", noAuth: true})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Positive(t, decodeAs[map[string]int](t, rec)["records"])

	require.NotEmpty(t, changes)
	assert.Equal(t, "reset", changes[len(changes)-1].Op, "subscribers hear of the reset")
	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	assert.Empty(t, resultList(t, f.do(restReq{path: "/api/now/table/interaction", noAuth: true, header: bearer})), "tokens survive a reset")
	david := resultOne(t, f.get("/api/now/table/sys_user/"+davidID), http.StatusOK)
	assert.Equal(t, "(415) 555-0111", david["phone"], "as the seed stores it")
	assert.Equal(t, http.StatusOK, f.get("/api/now/table/task").Code, "faults are cleared")
	assert.Empty(t, f.get("/api/now/table/task").Header().Get("X-RateLimit-Limit"), "seeded rules only: none")
	st := f.s.stats.snapshot()
	assert.Equal(t, 4, st.Total, "stats restart at the reset")

	n := len(changes)
	created := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"type": "phone"}}), http.StatusCreated)
	assert.Equal(t, "IMS0001001", created["number"], "numbers restart")
	assert.Len(t, changes, n+1, "subscriptions survive a reset")
}

func TestBatch(t *testing.T) {
	f := newRESTFixture(t)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	body := map[string]any{
		"batch_request_id": "b1",
		"rest_requests": []map[string]any{
			{"id": "11", "method": "GET", "url": "/api/now/table/incident?sysparm_query=number=INC0000101&sysparm_fields=number", "exclude_response_headers": true},
			{"id": "12", "method": "POST", "url": "/api/now/table/interaction", "body": b64(`{"type":"phone"}`),
				"headers": []map[string]string{{"name": "Content-Type", "value": "application/json"}}},
			{"id": "13", "method": "GET", "url": "/api/now/v1/batch"},
			{"id": "14", "method": "GET", "url": "/sim/stats"},
			{"id": "15", "method": "GET", "url": "/api/now/table/oauth_entity"},
		},
	}
	rec := f.do(restReq{method: http.MethodPost, path: "/api/now/v1/batch", body: body})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	got := decodeAs[batchResponse](t, rec)
	assert.Equal(t, "b1", got.BatchRequestID)
	assert.Empty(t, got.UnservicedRequests)
	require.Len(t, got.ServicedRequests, 5)
	status := map[string]int{}
	for _, r := range got.ServicedRequests {
		status[r.ID] = r.StatusCode
	}
	assert.Equal(t, map[string]int{"11": 200, "12": 201, "13": 400, "14": 400, "15": 403}, status)

	first, err := base64.StdEncoding.DecodeString(got.ServicedRequests[0].Body)
	require.NoError(t, err)
	assert.JSONEq(t, `{"result":[{"number":"INC0000101"}]}`, string(first))
	assert.Empty(t, got.ServicedRequests[0].Headers)
	assert.NotEmpty(t, got.ServicedRequests[1].Headers)
	assert.Equal(t, "Created", got.ServicedRequests[1].StatusText)

	st := f.s.stats.snapshot()
	assert.Equal(t, 3, st.Total, "the inner requests that ran count; the envelope does not")
	assert.Equal(t, 1, st.Batches)
	assert.Equal(t, 3, st.ByUser["vcc.integration"], "inner requests run as the envelope's user")

	errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/v1/batch", body: body, noAuth: true}), http.StatusUnauthorized)
	errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/v1/batch", body: `{"batch_request_id":"x"}`}), http.StatusBadRequest)
	errorOf(t, f.do(restReq{method: http.MethodGet, path: "/api/now/v1/batch"}), http.StatusMethodNotAllowed)
}

func TestBatchInnerRequestsAreRateLimited(t *testing.T) {
	f := newRESTFixture(t)
	f.setRateRule(`{"user":"vcc.integration","limit":2}`)
	call := map[string]any{"id": "x", "method": "GET", "url": "/api/now/table/sys_user?sysparm_limit=1"}
	rec := f.do(restReq{method: http.MethodPost, path: "/api/now/v1/batch", body: map[string]any{"rest_requests": []any{call, call, call}}})
	require.Equal(t, http.StatusOK, rec.Code)
	got := decodeAs[batchResponse](t, rec)
	var codes []int
	for _, r := range got.ServicedRequests {
		codes = append(codes, r.StatusCode)
	}
	assert.Equal(t, []int{200, 200, 429}, codes)
}
