//go:build !js

package bridge

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/sim/snsim"
)

// Every table and column the bridge reads or writes is one the simulator's
// dictionary has: the simulator drops writes to other columns, as an
// instance does.
func TestSchemaAgainstTheSimulatorsDictionary(t *testing.T) {
	dict := snsim.Dictionary()
	for _, st := range records.Schema {
		if _, ok := dict[st.Table]; !ok {
			t.Errorf("the simulator has no table %s", st.Table)
			continue
		}
		for _, c := range st.Columns {
			found := false
			for _, a := range records.Ancestors(st.Table) {
				found = found || slices.Contains(dict[a], c)
			}
			assert.True(t, found, "the simulator's %s has no column %s", st.Table, c)
		}
	}
}

// dictionaryServer answers sys_dictionary reads with rows for the given
// table → columns.
func dictionaryServer(t *testing.T, status int, have map[string][]string) *servicenow.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/api/now/table/sys_dictionary" {
			t.Errorf("unexpected %s", r.URL.Path)
		}
		if status != 200 {
			w.WriteHeader(status)
			fmt.Fprint(w, `{"error":{"message":"Insufficient rights to query records"},"status":"failure"}`)
			return
		}
		assert.Equal(t, "nameINincident,task^elementINsys_id,number,short_description,active,caller_id,contact_type,work_notes,sys_updated_on",
			r.URL.Query().Get("sysparm_query"))
		var rows []string
		for table, cols := range have {
			for _, c := range cols {
				rows = append(rows, fmt.Sprintf(`{"name":%q,"element":%q}`, table, c))
			}
		}
		fmt.Fprintf(w, `{"result":[%s]}`, strings.Join(rows, ","))
	}))
	t.Cleanup(srv.Close)
	return &servicenow.Client{BaseURL: srv.URL, HTTP: srv.Client()}
}

func TestCheckColumns(t *testing.T) {
	incident, _ := records.SchemaTableOf("incident")
	task, _ := records.SchemaTableOf("task")
	all := map[string][]string{"incident": {"caller_id", "contact_type"}, "task": {"sys_id", "number", "short_description", "active", "work_notes", "sys_updated_on"}}
	noWorkNotes := map[string][]string{"incident": {"caller_id", "contact_type"}, "task": {"sys_id", "number", "short_description", "active", "sys_updated_on"}}
	cases := []struct {
		name   string
		status int
		have   map[string][]string
		want   []string // "STATUS name: detail"
	}{
		{"every column, some inherited", 200, all, []string{"PASS ServiceNow columns of incident: all 8 the bridge uses", "PASS ServiceNow columns of task: all 5 the bridge uses"}},
		{"a column missing", 200, noWorkNotes, []string{"FAIL ServiceNow columns of incident: missing work_notes", "FAIL ServiceNow columns of task: missing work_notes"}},
		{"a table missing", 200, map[string][]string{"task": all["task"]}, []string{"FAIL ServiceNow columns of incident: missing caller_id, contact_type", "PASS ServiceNow columns of task: all 5 the bridge uses"}},
		{"the dictionary is not readable", 403, nil, []string{"WARN ServiceNow columns: may not read sys_dictionary: Insufficient rights to query records"}},
		{"the dictionary shows nothing", 200, map[string][]string{}, []string{"WARN ServiceNow columns: sys_dictionary shows vcc.integration none of the columns the bridge uses"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checks := checkColumns(context.Background(), dictionaryServer(t, tc.status, tc.have), "vcc.integration", []records.SchemaTable{incident, task})
			var got []string
			for _, c := range checks {
				got = append(got, c.Status.String()+" "+c.Name+": "+c.Detail)
				if c.Status != CheckPass {
					assert.NotEmpty(t, c.Fix, "a failing check says what to do")
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
