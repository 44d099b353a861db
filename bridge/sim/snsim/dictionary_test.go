package snsim

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDictionary(t *testing.T) {
	dict := Dictionary()
	tests := []struct {
		table        string
		has, hasNot  []string
		extendsTable string
	}{
		{"customer_contact", []string{"account", "phone", "mobile_phone", "name", "sys_class_name"}, []string{"business_phone"}, "sys_user"},
		{"csm_consumer", []string{"business_phone", "mobile_phone", "home_phone", "name"}, []string{"phone"}, ""},
		{"sc_req_item", []string{"requested_for", "request", "number", "work_notes", "active"}, []string{"caller_id"}, "task"},
		{"sc_task", []string{"request_item", "request", "state"}, []string{"requested_for"}, "task"},
		{"incident", []string{"caller_id", "hold_reason", "close_code", "work_notes"}, []string{"account"}, "task"},
		{"sn_customerservice_case", []string{"account", "contact", "consumer", "resolution_code"}, []string{"caller_id"}, "task"},
		{"interaction", []string{"caller_phone_number", "opened_for", "channel_metadata_document", "queue", "work_notes"}, []string{"client_session_id", "duration", "wait_time"}, ""},
		{"sn_openframe_phone_log", []string{"call_id", "phone_number", "contact", "agent", "start_time"}, []string{"description", "duration", "call_type"}, ""},
		{"customer_account", []string{"name", "phone", "primary_contact"}, []string{"active"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.table, func(t *testing.T) {
			cols, ok := dict[tc.table]
			if !assert.True(t, ok) {
				return
			}
			assert.True(t, slices.IsSorted(cols))
			for _, c := range tc.has {
				assert.Contains(t, cols, c)
			}
			for _, c := range tc.hasNot {
				assert.NotContains(t, cols, c)
			}
			if tc.extendsTable != "" {
				assert.True(t, extendsTable(tc.table, tc.extendsTable))
			}
		})
	}
}

// The dictionary as an instance publishes it: one sys_db_object row per
// table, one sys_dictionary row per column a table defines itself.
func TestDictionaryRecords(t *testing.T) {
	f := newRESTFixture(t)
	rows := resultList(t, f.get("/api/now/table/sys_dictionary?sysparm_query=name=sc_req_item^ORDERBYelement&sysparm_fields=element,internal_type,reference"))
	assert.Contains(t, rows, map[string]any{"element": "requested_for", "internal_type": "reference", "reference": "sys_user"})
	assert.NotContains(t, column(rows, "element"), "number", "number is task's: it is on task's rows")
	task := resultList(t, f.get("/api/now/table/sys_dictionary?sysparm_query=name=task^element=work_notes&sysparm_fields=internal_type"))
	assert.Equal(t, []map[string]any{{"internal_type": "journal_input"}}, task)
	obj := resultList(t, f.get("/api/now/table/sys_db_object?sysparm_query=name=sc_task&sysparm_fields=name,super_class.name"))
	assert.Equal(t, []map[string]any{{"name": "sc_task", "super_class.name": "task"}}, obj)
}
