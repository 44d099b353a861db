package bridge

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
)

// The schema checks compare records.Schema — every table and column the
// bridge reads or writes — with the instance's dictionary (sys_dictionary:
// one row per column a table defines, name = the table, element = the
// column), through the Table API. On an instance a write to a column a
// table lacks is dropped without an error, and a query on one is ignored
// (rest-api-explorer/c_RESTAPI.md, sysparm_query), so a missing column is
// found only by looking. One check per table.

// schemaTables are the Schema tables the configured rules use (and those
// the doctor reads, with doctor).
func (s *Server) schemaTables(doctor bool) []records.SchemaTable {
	kinds, createRequest := s.ruleKinds()
	var out []records.SchemaTable
	for _, t := range records.Schema {
		switch t.Need {
		case records.NeedAlways:
		case records.NeedCSM:
			if !kinds[records.CSM] {
				continue
			}
		case records.NeedITSM:
			if !kinds[records.ITSM] {
				continue
			}
		case records.NeedCreateRequest:
			if !createRequest {
				continue
			}
		case records.NeedDoctor:
			if !doctor {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// doctorColumns reads sys_dictionary for the tables' columns in one Table
// API request and reports, per table, the columns it lacks.
func (s *Server) doctorColumns(ctx context.Context) []Check {
	return checkColumns(ctx, s.sn, s.cfg.SNUser, s.schemaTables(true))
}

// checkColumns is doctorColumns over a client and tables.
func checkColumns(ctx context.Context, sn *servicenow.Client, user string, tables []records.SchemaTable) []Check {
	var names, cols []string
	for _, t := range tables {
		for _, a := range records.Ancestors(t.Table) {
			if !slices.Contains(names, a) {
				names = append(names, a)
			}
		}
		for _, c := range t.Columns {
			if !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	q := servicenow.Where("name", "IN", strings.Join(names, ",")).And("element", "IN", strings.Join(cols, ","))
	rows, err := sn.List(ctx, "sys_dictionary", q, []string{"name", "element"}, 5000)
	const name = "ServiceNow columns"
	switch {
	case servicenow.Status(err) == http.StatusForbidden:
		return []Check{warn(name, "may not read sys_dictionary: "+snMessage(err),
			"Give "+user+" read access to sys_dictionary (role personalize_dictionary), or run the doctor as an admin, to check the columns the bridge uses.")}
	case err != nil:
		return []Check{warn(name, "cannot read sys_dictionary: "+snMessage(err), "Try again; if it persists, ask the instance's admin.")}
	case len(rows) == 0:
		return []Check{warn(name, "sys_dictionary shows "+user+" none of the columns the bridge uses",
			"Give "+user+" read access to sys_dictionary (role personalize_dictionary), or run the doctor as an admin.")}
	}
	have := map[string]map[string]bool{}
	for _, r := range rows {
		if have[r["name"]] == nil {
			have[r["name"]] = map[string]bool{}
		}
		have[r["name"]][r["element"]] = true
	}
	out := make([]Check, 0, len(tables))
	for _, t := range tables {
		out = append(out, tableColumns(t, have))
	}
	return out
}

// tableColumns is one table's check from the dictionary's rows (table →
// its own columns).
func tableColumns(t records.SchemaTable, have map[string]map[string]bool) Check {
	name := "ServiceNow columns of " + t.Table
	var missing []string
	for _, c := range t.Columns {
		found := false
		for _, a := range records.Ancestors(t.Table) {
			found = found || have[a][c]
		}
		if !found {
			missing = append(missing, c)
		}
	}
	switch {
	case len(missing) == len(t.Columns):
		return fail(name, "the dictionary has none of "+strings.Join(t.Columns, ", "),
			"Install "+t.Plugin+" (the table "+t.Table+" comes with it).")
	case len(missing) > 0:
		return fail(name, "missing "+strings.Join(missing, ", "),
			fmt.Sprintf("The bridge reads or writes these columns of %s: upgrade %s, or restore the columns if the table was customised; until then the bridge's writes to them are dropped.", t.Table, t.Plugin))
	}
	return pass(name, fmt.Sprintf("all %d the bridge uses", len(t.Columns)))
}
