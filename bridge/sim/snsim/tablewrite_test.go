package snsim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableCreate(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.do(restReq{method: http.MethodPost, path: "/api/now/v2/table/interaction?sysparm_exclude_reference_link=true", body: map[string]any{
		"type": "phone", "state": "new", "direction": "inbound", "caller_phone_number": "+14155550111",
		"opened_for": davidID, "virtual_agent": false, "short_description": nil,
		"sys_created_by": "someone.else", "u_vcc_call_id": "call-1", "wait_time": 12,
	}})
	got := resultOne(t, rec, http.StatusCreated)
	id, _ := got["sys_id"].(string)
	require.Len(t, id, 32)
	assert.Equal(t, "http://localhost:8701/api/now/v2/table/interaction/"+id, rec.Header().Get("Location"))
	assert.Equal(t, "IMS0001001", got["number"])
	assert.Equal(t, "vcc.integration", got["sys_created_by"], "system fields are the instance's")
	assert.Equal(t, "false", got["virtual_agent"], "booleans are stored as text")
	assert.Equal(t, "", got["short_description"])
	assert.Equal(t, davidID, got["opened_for"])
	assert.NotContains(t, got, "u_vcc_call_id", "a column the table does not have is dropped")
	assert.NotContains(t, got, "wait_time", "a column the table does not have is dropped")
	assert.Equal(t, "", got["assigned_to"], "the table's columns are present")

	list := resultList(t, f.get("/api/now/table/interaction?sysparm_query=u_vcc_call_id=call-2"))
	assert.Len(t, list, 1, "a condition on a column the table does not have is ignored")
}

func TestTableCreateArrayTakesFirst(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.do(restReq{method: http.MethodPost, path: "/api/now/table/sn_openframe_phone_log", body: `[{"call_id":"a"},{"call_id":"b"}]`})
	assert.Equal(t, "a", resultOne(t, rec, http.StatusCreated)["call_id"])
	assert.Len(t, resultList(t, f.get("/api/now/table/sn_openframe_phone_log")), 1)
}

func TestTableInputDisplayValue(t *testing.T) {
	f := newRESTFixture(t)
	body := map[string]string{"caller_id": "David Miller", "state": "In Progress", "short_description": "Headset broken", "contact_type": "Phone"}
	raw := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/incident?sysparm_exclude_reference_link=true", body: body}), http.StatusCreated)
	assert.Equal(t, "David Miller", raw["caller_id"], "without sysparm_input_display_value the text is stored as it is")

	got := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/incident?sysparm_input_display_value=true&sysparm_exclude_reference_link=true", body: body}), http.StatusCreated)
	assert.Equal(t, davidID, got["caller_id"])
	assert.Equal(t, "2", got["state"])
	assert.Equal(t, "phone", got["contact_type"])

	byID := resultOne(t, f.do(restReq{method: http.MethodPatch, path: "/api/now/table/incident/" + got["sys_id"].(string) + "?sysparm_input_display_value=true&sysparm_exclude_reference_link=true",
		body: map[string]string{"caller_id": julieID}}), http.StatusOK)
	assert.Equal(t, julieID, byID["caller_id"], "a sys_id stays a sys_id")
}

func TestTableUpdateAndDelete(t *testing.T) {
	f := newRESTFixture(t)
	created := resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: map[string]string{"type": "phone", "state": "new"}}), http.StatusCreated)
	path := "/api/now/table/interaction/" + created["sys_id"].(string)

	patched := resultOne(t, f.do(restReq{method: http.MethodPatch, path: path, body: map[string]string{"state": "work_in_progress", "sys_id": "ignored", "number": "IMS9"}}), http.StatusOK)
	assert.Equal(t, "work_in_progress", patched["state"])
	assert.Equal(t, "phone", patched["type"], "fields not sent keep their values")
	assert.Equal(t, created["sys_id"], patched["sys_id"])
	assert.Equal(t, "IMS0001001", patched["number"])
	assert.Equal(t, "1", patched["sys_mod_count"])

	put := resultOne(t, f.do(restReq{method: http.MethodPut, path: path + "?sysparm_fields=state,type", body: map[string]string{"state": "wrap_up"}}), http.StatusOK)
	assert.Equal(t, map[string]any{"state": "wrap_up", "type": "phone"}, put, "PUT changes only the fields sent, as on an instance")

	quiet := f.do(restReq{method: http.MethodPatch, path: path, body: map[string]string{"state": "closed_complete"}, header: map[string]string{"X-no-response-body": "true"}})
	assert.Equal(t, http.StatusOK, quiet.Code)
	assert.Empty(t, quiet.Body.String())

	override := f.do(restReq{method: http.MethodPost, path: path, body: map[string]string{"short_description": "via override"}, header: map[string]string{"X-HTTP-Method-Override": "PATCH"}})
	assert.Equal(t, "via override", resultOne(t, override, http.StatusOK)["short_description"])

	del := f.do(restReq{method: http.MethodDelete, path: path})
	assert.Equal(t, http.StatusNoContent, del.Code)
	assert.Empty(t, del.Body.String())
	errorOf(t, f.get(path), http.StatusNotFound)
	errorOf(t, f.do(restReq{method: http.MethodDelete, path: path}), http.StatusNotFound)
	errorOf(t, f.do(restReq{method: http.MethodPatch, path: path, body: map[string]string{"state": "new"}}), http.StatusNotFound)
}

func TestTableBadRequests(t *testing.T) {
	tests := []struct {
		name    string
		req     restReq
		status  int
		message string
	}{
		{"POST on a record", restReq{method: http.MethodPost, path: "/api/now/table/incident/" + inc101ID, body: map[string]string{}}, http.StatusMethodNotAllowed, "Method not Supported"},
		{"DELETE on the table", restReq{method: http.MethodDelete, path: "/api/now/table/incident"}, http.StatusMethodNotAllowed, "Method not Supported"},
		{"PATCH on the table", restReq{method: http.MethodPatch, path: "/api/now/table/incident", body: map[string]string{}}, http.StatusMethodNotAllowed, "Method not Supported"},
		{"form body", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: "a=b", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, http.StatusUnsupportedMediaType, "Unsupported Media Type"},
		{"malformed JSON", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `{"short_description":`}, http.StatusBadRequest, "Exception while reading request"},
		{"not an object", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `"text"`}, http.StatusBadRequest, "Exception while reading request"},
		{"nested value", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `{"short_description":["a"]}`}, http.StatusBadRequest, "Exception while reading request"},
		{"XML wanted", restReq{path: "/api/now/table/incident", header: map[string]string{"Accept": "application/xml"}}, http.StatusNotAcceptable, "Requested response format is not supported"},
		{"unknown table write", restReq{method: http.MethodPost, path: "/api/now/table/u_nothing", body: map[string]string{}}, http.StatusBadRequest, "Invalid table u_nothing"},
		{"existing sys_id", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: map[string]string{"sys_id": inc101ID}}, http.StatusForbidden, "Operation Failed"},
		{"unknown API", restReq{path: "/api/now/nothing/here"}, http.StatusBadRequest, "Requested URI does not represent any resource"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			e := errorOf(t, f.do(tc.req), tc.status)
			assert.Equal(t, tc.message, e.Error.Message)
		})
	}
	f := newRESTFixture(t)
	rec := f.do(restReq{method: http.MethodDelete, path: "/api/now/table/incident"})
	assert.Equal(t, "GET, HEAD, POST", rec.Header().Get("Allow"))
	e := errorOf(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `{"a":`}), http.StatusBadRequest)
	assert.True(t, strings.HasPrefix(*e.Error.Detail, "the body is not valid JSON"), *e.Error.Detail)
}
