package snsim

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const voicePathBase = "/api/now/openframe/voice-interaction"

// newVoiceFixture is a REST fixture whose instance has the assumption
// switches given switched on.
func newVoiceFixture(t *testing.T, assume ...string) *restFixture {
	t.Helper()
	f := newRESTFixture(t)
	if len(assume) == 0 {
		return f
	}
	s, err := New(Config{SeedDir: filepath.Join("..", "..", "..", "testdata", "servicenow"), ConnectorURL: "http://127.0.0.1:8702/", Assume: assume})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	s.now = f.s.now
	f.s = s
	return f
}

// voiceCreate posts a create and returns the new interaction's sys_id.
func (f *restFixture) voiceCreate(body map[string]any) string {
	f.t.Helper()
	got := resultOne(f.t, f.do(restReq{method: http.MethodPost, path: voicePathBase, body: body}), http.StatusOK)
	require.Equal(f.t, "SUCCESS", got["status"], got)
	id, _ := got["sysId"].(string)
	require.Len(f.t, id, 32)
	require.Regexp(f.t, `^IMS\d{7}$`, got["number"])
	return id
}

// record reads one record as stored, sys_ids plain.
func (f *restFixture) record(table, id string) map[string]any {
	f.t.Helper()
	return resultOne(f.t, f.get("/api/now/table/"+table+"/"+id+"?sysparm_exclude_reference_link=true"), http.StatusOK)
}

// A create does what the page says and nothing more: additionalParams and
// callbackPhoneNumber on the interaction (unknown fields dropped, work_notes
// a journal entry), one phone log per entry, one related record per entry,
// and no channel metadata, client session or opened_for of its own.
func TestVoiceCreateAsDocumented(t *testing.T) {
	f := newVoiceFixture(t)
	id := f.voiceCreate(map[string]any{
		"interaction": map[string]any{
			"userPhoneNumber": "+14155550111", "callbackPhoneNumber": "+14155550112", "clientSessionId": "vcc-1", "inboundId": "x",
			"additionalParams": map[string]any{"type": "phone", "direction": "inbound", "queue": "3e6333673787cb8a1049445567800d25",
				"short_description": "Call from (415) 555-0111 [VCC vcc-1]", "work_notes": "Caller verified", "u_vcc_id": "vcc-1", "wait_time": 3},
		},
		"interactionContext": map[string]any{"devicetype": "vonage"},
		"phoneLogs": []map[string]any{
			{"call_id": "vcc-1", "agent": bethID, "start_time": "2024-05-08 11:59:00", "phone_number": "+14155550111", "contact": davidID, "description": "dropped"},
			{"call_id": "vcc-1b"},
		},
		"relatedRecords": []map[string]any{{"documentTable": "incident", "documentId": inc101ID}, {"documentTable": "sys_user", "documentId": davidID}},
	})
	ix := f.record("interaction", id)
	assert.Equal(t, "new", ix["state"], "a new interaction is New")
	assert.Equal(t, "+14155550112", ix["caller_phone_number"], "callbackPhoneNumber maps to caller_phone_number")
	assert.Equal(t, "Call from (415) 555-0111 [VCC vcc-1]", ix["short_description"])
	for _, empty := range []string{"opened_for", "channel_metadata_table", "channel_metadata_document", "work_notes"} {
		assert.Equal(t, "", ix[empty], empty)
	}
	assert.NotContains(t, ix, "client_session_id")
	assert.NotContains(t, ix, "u_vcc_id")
	assert.NotContains(t, ix, "wait_time")

	notes := resultList(t, f.get("/api/now/table/sys_journal_field?sysparm_query=element_id="+id+"&sysparm_fields=name,element,value"))
	assert.Equal(t, []map[string]any{{"name": "interaction", "element": "work_notes", "value": "Caller verified"}}, notes)

	logs := resultList(t, f.get("/api/now/table/sn_openframe_phone_log?sysparm_exclude_reference_link=true&sysparm_query=ORDERBYcall_id&sysparm_fields=call_id,agent,contact,phone_number,start_time,description"))
	assert.Equal(t, []map[string]any{
		{"call_id": "vcc-1", "agent": bethID, "contact": davidID, "phone_number": "+14155550111", "start_time": "2024-05-08 11:59:00"},
		{"call_id": "vcc-1b", "agent": integrationID, "contact": "", "phone_number": "", "start_time": ""},
	}, logs, "one log per entry, fields as given; Set Agent fills a missing agent; description is no column")

	related := resultList(t, f.get("/api/now/table/interaction_related_record?sysparm_exclude_reference_link=true&sysparm_query=interaction="+id+"^ORDERBYdocument_table&sysparm_fields=document_table,document_id,type,task"))
	assert.Equal(t, []map[string]any{
		{"document_table": "incident", "document_id": inc101ID, "type": "task", "task": inc101ID},
		{"document_table": "sys_user", "document_id": davidID, "type": "", "task": ""},
	}, related)
}

// An update's phone logs are new phone logs, even with a call_id that
// exists: nothing is updated by call_id.
func TestVoiceUpdateCreatesPhoneLogs(t *testing.T) {
	f := newVoiceFixture(t)
	id := f.voiceCreate(map[string]any{
		"interaction": map[string]any{"userPhoneNumber": "+14155550111", "additionalParams": map[string]any{"type": "phone"}},
		"phoneLogs":   []map[string]any{{"call_id": "vcc-1", "agent": bethID}},
	})
	got := resultOne(t, f.do(restReq{method: http.MethodPatch, path: voicePathBase + "/" + id, body: map[string]any{
		"interaction": map[string]any{"additionalParams": map[string]any{"state": "closed_complete", "work_notes": "Disposition: Resolved.", "nope": "x"}},
		"phoneLogs":   []map[string]any{{"call_id": "vcc-1", "start_time": "2024-05-08 12:05:00"}},
	}}), http.StatusOK)
	assert.Equal(t, map[string]any{"status": "SUCCESS"}, got)
	assert.Equal(t, "closed_complete", f.record("interaction", id)["state"])
	logs := resultList(t, f.get("/api/now/table/sn_openframe_phone_log?sysparm_query=call_id=vcc-1&sysparm_fields=start_time"))
	assert.Len(t, logs, 2, "the first log is untouched, a second one is created")
	notes := resultList(t, f.get("/api/now/table/sys_journal_field?sysparm_query=element_id="+id+"^element=work_notes&sysparm_fields=value"))
	assert.Equal(t, []map[string]any{{"value": "Disposition: Resolved."}}, notes)
}

func TestVoiceAnswers(t *testing.T) {
	ok := map[string]any{"interaction": map[string]any{"userPhoneNumber": "+14155550111"}}
	tests := []struct {
		name    string
		req     restReq
		status  int
		message string // the error envelope's message; "" for a result
		result  string // the result's status
	}{
		{"create", restReq{method: http.MethodPost, path: voicePathBase, body: ok}, 200, "", "SUCCESS"},
		{"versioned create", restReq{method: http.MethodPost, path: "/api/now/openframe/v1/voice-interaction", body: ok}, 200, "", "SUCCESS"},
		{"no userPhoneNumber", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"interaction": map[string]any{"additionalParams": map[string]any{"type": "phone"}}}}, 400, "Invalid request body", ""},
		{"userPhoneNumber not E.164", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "(415) 555-0111"}}}, 400, "Invalid request body", ""},
		{"callbackPhoneNumber not E.164", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "+14155550111", "callbackPhoneNumber": "4155550111"}}}, 400, "Invalid request body", ""},
		{"no interaction", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"phoneLogs": []any{}}}, 400, "Invalid request body", ""},
		{"related record without a table", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "+14155550111"}, "relatedRecords": []any{map[string]any{"documentId": davidID}}}}, 400, "Invalid request body", ""},
		{"a value that is an object", restReq{method: http.MethodPost, path: voicePathBase, body: map[string]any{"interaction": map[string]any{"userPhoneNumber": "+14155550111", "additionalParams": map[string]any{"type": []any{"phone"}}}}}, 400, "Invalid request body", ""},
		{"not JSON", restReq{method: http.MethodPost, path: voicePathBase, body: `{"interaction":`}, 400, "Invalid request body", ""},
		{"update without a parameter", restReq{method: http.MethodPatch, path: voicePathBase + "/0123456789abcdef0123456789abcdef", body: map[string]any{"interaction": map[string]any{}}}, 400, "Invalid request body", ""},
		{"update of no interaction", restReq{method: http.MethodPatch, path: voicePathBase + "/0123456789abcdef0123456789abcdef", body: map[string]any{"interaction": map[string]any{"additionalParams": map[string]any{"state": "closed_complete"}}}}, 200, "", "FAILURE"},
		{"GET", restReq{path: voicePathBase}, 405, "Method not Supported", ""},
		{"PATCH on the collection", restReq{method: http.MethodPatch, path: voicePathBase, body: ok}, 405, "Method not Supported", ""},
		{"no credentials", restReq{method: http.MethodPost, path: voicePathBase, body: ok, noAuth: true}, 401, "User Not Authenticated", ""},
		{"no openframe role", restReq{method: http.MethodPost, path: voicePathBase, body: ok, user: "report.viewer", pass: "viewer"}, 403, "User Not Authorized", ""},
		{"XML body", restReq{method: http.MethodPost, path: voicePathBase, body: "<x/>", header: map[string]string{"Content-Type": "application/xml"}}, 415, "Unsupported Media Type", ""},
		{"unknown resource", restReq{method: http.MethodPost, path: "/api/now/openframe/v1/other", body: ok}, 400, "Requested URI does not represent any resource", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newVoiceFixture(t)
			rec := f.do(tc.req)
			if tc.message != "" {
				assert.Equal(t, tc.message, errorOf(t, rec, tc.status).Error.Message)
				return
			}
			assert.Equal(t, tc.result, resultOne(t, rec, tc.status)["status"])
		})
	}
}

// Each assumption switch, on, does what its ledger row says; off, nothing
// (TestVoiceCreateAsDocumented).
func TestVoiceAssumptionSwitches(t *testing.T) {
	body := map[string]any{
		"interaction": map[string]any{"userPhoneNumber": "+14155550161", "clientSessionId": "vcc-9", "additionalParams": map[string]any{"type": "phone"}},
		"phoneLogs":   []map[string]any{{"call_id": "vcc-9"}},
	}
	tests := []struct {
		sw    string
		check func(t *testing.T, f *restFixture, ix map[string]any)
	}{
		{switchVoiceChannelMetadata, func(t *testing.T, f *restFixture, ix map[string]any) {
			assert.Equal(t, "sn_openframe_phone_log", ix["channel_metadata_table"])
			log := f.record("sn_openframe_phone_log", ix["channel_metadata_document"].(string))
			assert.Equal(t, "vcc-9", log["call_id"])
		}},
		{switchVoiceClientSession, func(t *testing.T, f *restFixture, ix map[string]any) {
			assert.Equal(t, "vcc-9", ix["client_session_id"])
			found := resultList(t, f.get("/api/now/table/interaction?sysparm_query=client_session_id=vcc-9"))
			assert.Len(t, found, 1, "the column exists under the switch")
		}},
		{switchVoiceOpenedFor, func(t *testing.T, f *restFixture, ix map[string]any) {
			assert.Equal(t, "0f440a4b808ae7502f44038344e48aa1", ix["opened_for"], "lucius.bagnoli's phone is exactly +14155550161")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.sw, func(t *testing.T) {
			f := newVoiceFixture(t, tc.sw)
			ix := f.record("interaction", f.voiceCreate(body))
			tc.check(t, f, ix)
		})
	}
}
