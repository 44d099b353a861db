package snsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A phone log for a task changes nothing on the task unless the assumed
// "Update Task Work Notes" switch is on; on, the task gets a fixed line,
// never the phone log's own text.
func TestPhoneLogTaskWorkNote(t *testing.T) {
	tests := []struct {
		name   string
		assume []string
		want   []map[string]any
	}{
		{"off by default", nil, []map[string]any{}},
		{"switched on", []string{switchPhoneLogTaskNote}, []map[string]any{{"name": "incident", "value": phoneLogTaskNote}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newVoiceFixture(t, tc.assume...)
			resultOne(t, f.do(restReq{method: http.MethodPost, path: "/api/now/table/sn_openframe_phone_log",
				body: map[string]string{"call_id": "vcc-3", "task": inc101ID, "description": "Customer happy"}}), http.StatusCreated)
			notes := resultList(t, f.get("/api/now/table/sys_journal_field?sysparm_query=element_id="+inc101ID+"&sysparm_fields=name,value"))
			assert.Equal(t, tc.want, notes)
		})
	}
}

// Journal entries keep every note, in order, even the same text twice; the
// engines' own writes of a journal field become entries too.
func TestJournalEntries(t *testing.T) {
	f := newRESTFixture(t)
	for _, note := range []string{"First call", "First call", "  "} {
		resultOne(t, f.do(restReq{method: http.MethodPatch, path: "/api/now/table/incident/" + inc101ID, body: map[string]string{"work_notes": note}}), http.StatusOK)
	}
	_, err := f.s.DB.Update("incident", inc101ID, Record{"comments": "From the engine"}, "system")
	assert.NoError(t, err)
	notes := resultList(t, f.get("/api/now/table/sys_journal_field?sysparm_query=element_id="+inc101ID+"^ORDERBYsys_created_on&sysparm_fields=element,value,sys_created_by"))
	assert.Equal(t, []map[string]any{
		{"element": "work_notes", "value": "First call", "sys_created_by": "vcc.integration"},
		{"element": "work_notes", "value": "First call", "sys_created_by": "vcc.integration"},
		{"element": "comments", "value": "From the engine", "sys_created_by": "system"},
	}, notes, "a blank note adds nothing")
}
