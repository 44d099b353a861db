package snsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Seed wrap-up codes (testdata/servicenow/interaction_wrap_up_code.json).
const (
	codeResolved  = "36dd8d7ca74fb510a58d714988bd3dfa"
	codeEscalated = "e9cd33440643518778413c71fd9932dc"
)

// acceptedCall is a call Beth accepted: the interaction's sys_id.
func (f *restFixture) acceptedCall() string {
	f.t.Helper()
	f.available(beth)
	ix := f.awaCall("+14155550199", supportQueue)["sys_id"].(string)
	_, err := f.s.awa.Accept(beth, f.offeredItem(ix)["sys_id"])
	require.NoError(f.t, err)
	f.s.awa.Settle()
	return ix
}

// externalSegment is the create body the bridge sends for an external
// wrap-up with VCC's codes.
func externalSegment(ix, vccID string) map[string]any {
	return map[string]any{
		"agent_sys_id": beth, "interaction_sys_id": ix, "external": true, "external_segment_id": vccID,
		"configuration": map[string]any{"enable_codes": true, "allowed_codes": []map[string]string{{"code": "Resolved"}, {"code": "Escalated"}},
			"default_code": "Resolved"},
	}
}

// wrapUp calls the Wrap Up API as vcc.integration and decodes the answer.
func (f *restFixture) wrapUp(method, path string, body any) (int, map[string]any) {
	f.t.Helper()
	rec := f.do(restReq{method: method, path: "/api/now/wrapup/" + path, body: body})
	f.s.awa.Settle()
	return rec.Code, decodeAs[map[string]any](f.t, rec)
}

func TestWrapUpAPINeedsItsRole(t *testing.T) {
	f := newRESTFixture(t)
	tests := []struct {
		name   string
		req    restReq
		status int
	}{
		{"no credentials", restReq{path: "/api/now/wrapup/code/" + codeResolved, noAuth: true}, 401},
		{"an agent", restReq{path: "/api/now/wrapup/code/" + codeResolved, user: "beth.anglin", pass: "demo"}, 403},
		{"an agent opening a segment", restReq{method: http.MethodPost, path: "/api/now/wrapup/segment/create", body: map[string]any{}, user: "beth.anglin", pass: "demo"}, 403},
		{"the integration user", restReq{path: "/api/now/wrapup/code/" + codeResolved}, 200},
		{"versioned", restReq{path: "/api/now/v1/wrapup/code/" + codeResolved}, 200},
		{"admin", restReq{path: "/api/now/wrapup/code/" + codeResolved, user: "admin", pass: "admin"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(tt.req)
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.status == 403 {
				assert.Contains(t, *errorOf(t, rec, 403).Error.Detail, "interaction_integration_user")
			}
		})
	}
}

func TestWrapUpCodeAPI(t *testing.T) {
	f := newRESTFixture(t)
	got := f.get("/api/now/wrapup/code/" + codeResolved)
	require.Equal(t, http.StatusOK, got.Code)
	assert.JSONEq(t, `{"result":{"success":true,"message":"Wrap up code found.","result_map":{"wrap_up_code":{
		"code":"Resolved","description":"The caller's issue was resolved on the call.","active":true,"external":false,
		"sys_id":"`+codeResolved+`","translated_code":"Resolved","translated_description":"The caller's issue was resolved on the call."}}}}`, got.Body.String())

	missing := f.get("/api/now/wrapup/code/nosuchcode")
	require.Equal(t, http.StatusOK, missing.Code)
	assert.JSONEq(t, `{"result":{"success":false,"message":"Wrap up code nosuchcode was not found."}}`, missing.Body.String())

	status, body := f.wrapUp(http.MethodPost, "code", map[string]any{"codes": []map[string]any{
		{"code": "Billing Issue", "description": "A code for billing issues", "translations": []map[string]string{{"language": "de", "code": "Abrechnungsproblem", "description": "Ein Code"}}},
		{"code": "Resolved", "description": "Solved on the call", "active": false},
	}})
	require.Equal(t, http.StatusOK, status, body)
	result := body["result"].(map[string]any)
	assert.Equal(t, true, result["success"])
	assert.Equal(t, "All wrap up codes created successfully.", result["message"])
	created := result["result_map"].(map[string]any)["created_wrap_up_codes"].([]any)
	require.Len(t, created, 2)
	assert.Equal(t, map[string]any{"code": "Billing Issue", "external": true, "active": true}, pickAny(created[0], "code", "external", "active"), "a new code is external")
	assert.Equal(t, map[string]any{"sys_id": codeResolved, "active": false, "external": false}, pickAny(created[1], "sys_id", "active", "external"), "the code with that label is updated")

	tests := []struct {
		name    string
		body    any
		status  int
		message string
	}{
		{"some codes refused", map[string]any{"codes": []map[string]any{{"code": "Callback"}, {"description": "no label"}}}, 207,
			"Some wrap up codes were not created: codes.code is required"},
		{"none created", map[string]any{"codes": []map[string]any{{"code": "X", "translations": []map[string]string{{"code": "Y"}}}}}, 400,
			"No wrap up code was created: X: a translation needs code and language"},
		{"no codes", map[string]any{"codes": []any{}}, 400, "codes is required: an array of wrap-up codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.wrapUp(http.MethodPost, "code", tt.body)
			require.Equal(t, tt.status, status, body)
			assert.Equal(t, tt.message, body["result"].(map[string]any)["message"])
		})
	}
	status, body = f.wrapUp(http.MethodPost, "code", `{"codes":`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, false, body["result"].(map[string]any)["success"])
}

// pickAny returns the named fields of a decoded JSON object.
func pickAny(v any, fields ...string) map[string]any {
	m := v.(map[string]any)
	out := map[string]any{}
	for _, k := range fields {
		out[k] = m[k]
	}
	return out
}
