package snsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The write rules, table by table: unknown columns dropped on insert and
// update, calculated names, defaults, writes through a parent table.
func TestWriteRules(t *testing.T) {
	const georgeID = "5b85f0d858bd1a6005cb30e8533c788e"
	tests := []struct {
		name   string
		req    restReq
		status int
		fields []string
		want   map[string]any
	}{
		{"insert drops unknown columns", restReq{method: http.MethodPost, path: "/api/now/table/incident",
			body: map[string]string{"short_description": "Headset", "u_vcc_id": "x", "duration": "12"}},
			201, []string{"short_description", "u_vcc_id", "duration"}, map[string]any{"short_description": "Headset"}},
		{"update drops unknown columns", restReq{method: http.MethodPatch, path: "/api/now/table/incident/" + inc101ID,
			body: map[string]string{"urgency": "2", "u_vcc_id": "x"}},
			200, []string{"urgency", "u_vcc_id"}, map[string]any{"urgency": "2"}},
		{"a child's column through the parent is dropped", restReq{method: http.MethodPatch, path: "/api/now/table/task/" + inc101ID,
			body: map[string]string{"caller_id": julieID, "urgency": "1"}},
			200, []string{"urgency"}, map[string]any{"urgency": "1"}},
		{"a new user's name is calculated", restReq{method: http.MethodPost, path: "/api/now/table/sys_user", user: "admin", pass: "admin",
			body: map[string]string{"user_name": "ann.lee", "first_name": "Ann", "last_name": "Lee", "name": "Someone Else"}},
			201, []string{"name"}, map[string]any{"name": "Ann Lee"}},
		{"a contact's name follows first_name", restReq{method: http.MethodPatch, path: "/api/now/table/customer_contact/" + georgeID, user: "admin", pass: "admin",
			body: map[string]string{"first_name": "Georges"}},
			200, []string{"name"}, map[string]any{"name": "Georges Warren"}},
		{"a contact written through sys_user too", restReq{method: http.MethodPatch, path: "/api/now/table/sys_user/" + georgeID, user: "admin", pass: "admin",
			body: map[string]string{"last_name": "Warren-Smith"}},
			200, []string{"name"}, map[string]any{"name": "George Warren-Smith"}},
		{"a name written alone is put back", restReq{method: http.MethodPatch, path: "/api/now/table/sys_user/" + davidID, user: "admin", pass: "admin",
			body: map[string]string{"name": "Dave"}},
			200, []string{"name"}, map[string]any{"name": "David Miller"}},
		{"a consumer's name", restReq{method: http.MethodPost, path: "/api/now/table/csm_consumer", user: "admin", pass: "admin",
			body: map[string]string{"first_name": "Lena", "last_name": ""}},
			201, []string{"name"}, map[string]any{"name": "Lena"}},
		{"a new interaction is New", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"type": "phone"}},
			201, []string{"state"}, map[string]any{"state": "new"}},
		{"a new case is New", restReq{method: http.MethodPost, path: "/api/now/table/sn_customerservice_case", body: map[string]string{"short_description": "x"}},
			201, []string{"state"}, map[string]any{"state": "1"}},
		{"a given state is kept", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"state": "work_in_progress"}},
			201, []string{"state"}, map[string]any{"state": "work_in_progress"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			got := resultOne(t, f.do(tc.req), tc.status)
			picked := map[string]any{}
			for _, k := range tc.fields {
				if v, ok := got[k]; ok {
					picked[k] = v
				}
			}
			assert.Equal(t, tc.want, picked)
		})
	}
}

// The integration user (itil) reads and writes catalog records as it does
// incidents; a user without itil may not.
func TestCatalogACLs(t *testing.T) {
	f := newRESTFixture(t)
	for _, path := range []string{"/api/now/table/sc_req_item/0be60305047c586eadf2f1965cad5707", "/api/now/table/sc_task/6aaa45f719a25249fe58ba3e8db1bfe7"} {
		resultOne(t, f.do(restReq{method: http.MethodPatch, path: path, body: map[string]string{"work_notes": "Called the requester"}}), http.StatusOK)
		errorOf(t, f.do(restReq{path: path, user: "report.viewer", pass: "viewer"}), http.StatusForbidden)
	}
}
