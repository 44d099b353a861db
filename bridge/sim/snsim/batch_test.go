package snsim

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const batchPath = "/api/now/v1/batch"

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// The envelope and each item as batch-api.md shows them, and the stats
// telling envelopes from the requests inside them.
func TestBatchAsDocumented(t *testing.T) {
	f := newRESTFixture(t)
	body := map[string]any{
		"batch_request_id": "1",
		"rest_requests": []map[string]any{
			{"id": "11", "method": "GET", "url": "/api/now/table/incident?sysparm_limit=1&sysparm_fields=number&sysparm_query=ORDERBYnumber",
				"exclude_response_headers": true, "headers": []map[string]string{{"name": "Accept", "value": "application/json"}}},
			// A body wrapped over lines, as the page's example shows it.
			{"id": "12", "method": "POST", "url": "/api/now/table/incident?sysparm_fields=urgency,short_description,comments", "exclude_response_headers": true,
				"headers": []map[string]string{{"name": "Content-Type", "value": "application/json"}},
				"body":    wrap(b64(`{"urgency":"1","short_description":"My computer broke","comments":"Elevating urgency"}`), 20)},
			{"id": "13", "method": "GET", "url": "/api/now/table/incident/0123456789abcdef0123456789abcdef"},
		},
	}
	rec := f.do(restReq{method: http.MethodPost, path: batchPath, body: body})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
	got := decodeAs[batchResponse](t, rec)
	assert.Equal(t, "1", got.BatchRequestID)
	assert.Equal(t, []string{}, got.UnservicedRequests)
	require.Len(t, got.ServicedRequests, 3)

	first, second, third := got.ServicedRequests[0], got.ServicedRequests[1], got.ServicedRequests[2]
	assert.Equal(t, batchInnerReply{ID: "11", Body: b64(`{"result":[{"number":"INC0000101"}]}` + "\n"), StatusCode: 200, StatusText: "OK", Headers: []batchHeader{}},
		withoutTime(first))
	assert.Equal(t, 201, second.StatusCode)
	assert.Equal(t, "Created", second.StatusText)
	assert.Equal(t, b64(`{"result":{"comments":"","short_description":"My computer broke","urgency":"1"}}`+"\n"), second.Body)
	assert.Equal(t, 404, third.StatusCode)
	assert.Equal(t, "No Record found", third.ErrorMessage, "the inner error's message")
	assert.NotEmpty(t, third.Headers, "headers unless excluded")

	st := f.s.stats.snapshot()
	assert.Equal(t, 1, st.Batches, "one envelope")
	assert.Equal(t, map[string]int{"vcc.integration": 1}, st.BatchesByUser)
	assert.Equal(t, 3, st.BatchRequests, "three inner requests")
	assert.Equal(t, map[string]int{"vcc.integration": 3}, st.BatchRequestsByUser)
	assert.Equal(t, 3, st.Total, "inner requests are REST requests; the envelope is not")
	assert.Equal(t, 1, st.HTTPRequests, "one HTTP request reached the instance")
}

// The documented limits: an item over the output size (here lowered by the
// header) and the items after it are unserviced, their ids listed.
func TestBatchLimits(t *testing.T) {
	f := newRESTFixture(t)
	call := func(id, url string) map[string]any { return map[string]any{"id": id, "method": "GET", "url": url} }
	body := map[string]any{"batch_request_id": "b", "rest_requests": []any{
		call("small", "/api/now/table/incident?sysparm_limit=1&sysparm_fields=number"),
		call("large", "/api/now/table/incident"),
		call("after", "/api/now/table/incident?sysparm_limit=1&sysparm_fields=number"),
	}}
	rec := f.do(restReq{method: http.MethodPost, path: batchPath, body: body, header: map[string]string{"X-BATCHREQUEST-MAX-OUTPUT-SIZE": "2000"}})
	got := decodeAs[batchResponse](t, rec)
	require.Len(t, got.ServicedRequests, 1)
	assert.Equal(t, "small", got.ServicedRequests[0].ID)
	assert.Equal(t, []string{"large", "after"}, got.UnservicedRequests)

	big := map[string]any{"rest_requests": []any{
		map[string]any{"id": "huge", "method": "POST", "url": "/api/now/table/incident", "body": b64(strings.Repeat("x", batchMaxInput+1))},
	}}
	got = decodeAs[batchResponse](t, f.do(restReq{method: http.MethodPost, path: batchPath, body: big}))
	assert.Empty(t, got.ServicedRequests)
	assert.Equal(t, []string{"huge"}, got.UnservicedRequests)

	assert.Equal(t, batchMaxOutput, newBatchLimits("99999999999", f.clock).maxOutput, "the header never raises the limit")
}

func TestBatchItemsAndEnvelopeErrors(t *testing.T) {
	f := newRESTFixture(t)
	items := map[string]any{"rest_requests": []any{
		map[string]any{"id": "a", "method": "GET", "url": "/api/now/v1/batch"},
		map[string]any{"id": "b", "method": "GET", "url": "/sim/stats"},
		map[string]any{"id": "c", "method": "GET", "url": "/api/now/table/oauth_entity"},
		map[string]any{"id": "d", "method": "GET"},
		map[string]any{"id": "e", "method": "POST", "url": "/api/now/table/incident", "body": "not base64!"},
		map[string]any{"id": "f", "method": "GET", "url": "/api/now/table/oauth_entity?sysparm_fields=name",
			"headers": []map[string]string{{"name": "Authorization", "value": "Basic " + b64("admin:admin")}}},
	}}
	got := decodeAs[batchResponse](t, f.do(restReq{method: http.MethodPost, path: batchPath, body: items}))
	codes := map[string]int{}
	for _, r := range got.ServicedRequests {
		codes[r.ID] = r.StatusCode
	}
	assert.Equal(t, map[string]int{"a": 400, "b": 400, "c": 403, "d": 400, "e": 400, "f": 200}, codes,
		"no batch in a batch, /api/ paths only, ACLs apply, id/method/url required, base64 bodies, an item's own credentials")
	st := f.s.stats.snapshot()
	assert.Equal(t, map[string]int{"vcc.integration": 1, "admin": 1}, st.BatchRequestsByUser, "the items that ran, by the user they ran as")

	tests := []struct {
		name    string
		req     restReq
		status  int
		message string
	}{
		{"unversioned URL", restReq{method: http.MethodPost, path: "/api/now/batch", body: items}, 400, "Requested URI does not represent any resource"},
		{"no credentials", restReq{method: http.MethodPost, path: batchPath, body: items, noAuth: true}, 401, "User Not Authenticated"},
		{"no rest_requests", restReq{method: http.MethodPost, path: batchPath, body: `{"batch_request_id":"x"}`}, 400, "Exception while reading request"},
		{"not JSON", restReq{method: http.MethodPost, path: batchPath, body: `{`}, 400, "Exception while reading request"},
		{"GET", restReq{path: batchPath}, 405, "Method not Supported"},
		{"multipart answer", restReq{method: http.MethodPost, path: batchPath, body: items, header: map[string]string{"Accept": "multipart/mixed"}}, 406, "Requested response format is not supported"},
		{"XML envelope", restReq{method: http.MethodPost, path: batchPath, body: "<x/>", header: map[string]string{"Content-Type": "application/xml"}}, 415, "Unsupported Media Type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.message, errorOf(t, f.do(tc.req), tc.status).Error.Message)
		})
	}
}

// wrap breaks s into lines of n characters.
func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\n")
		s = s[n:]
	}
	return b.String() + s
}

func withoutTime(r batchInnerReply) batchInnerReply {
	r.ExecutionTime = 0
	return r
}
