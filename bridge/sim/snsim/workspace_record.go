package snsim

import (
	"net/http"
	"sort"
	"strings"
)

// WorkspaceRecord is a record as a workspace tab shows it: its fields with
// reference display values and choice labels, phone fields marked for
// click-to-dial.
type WorkspaceRecord struct {
	Table   string        `json:"table"`
	SysID   string        `json:"sys_id"`
	Title   string        `json:"title"`
	Fields  []RecordField `json:"fields"`
	Deleted bool          `json:"deleted,omitempty"`
}

// RecordField is one field of a WorkspaceRecord.
type RecordField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Display is a reference's display value or a choice's label.
	Display string `json:"display,omitempty"`
	// Phone marks a phone number the agent can click to dial.
	Phone bool `json:"phone,omitempty"`
}

// phoneFields are the columns that hold phone numbers (E.164) in the
// tables the workspace shows: sys_user and customer_contact, csm_consumer,
// interaction, sn_openframe_phone_log.
var phoneFields = map[string]bool{
	"phone": true, "mobile_phone": true, "home_phone": true, "business_phone": true,
	"caller_phone_number": true, "phone_number": true,
}

// workspaceRecord builds the tab view of rec: every field but the system
// ones and passwords, number and name first, then by name.
func workspaceRecord(db *DB, table string, rec Record) WorkspaceRecord {
	v := WorkspaceRecord{Table: table, SysID: rec["sys_id"], Title: rec[displayField(table)], Fields: []RecordField{}}
	if v.Title == "" || v.Title == v.SysID {
		v.Title = firstNonEmpty(rec["number"], rec["name"], table)
	}
	for name, value := range rec {
		if strings.HasPrefix(name, "sys_") || strings.Contains(name, "password") || isPassword(table, name) {
			continue
		}
		f := RecordField{Name: name, Value: value, Phone: phoneFields[name]}
		if def, ok := fieldOf(table, name); ok {
			if label, ok := def.choiceLabel(value); ok {
				f.Display = label
			}
			if def.ref != "" && value != "" {
				if target, err := db.Get(def.ref, value); err == nil {
					f.Display = target[displayField(def.ref)]
				}
			}
		}
		v.Fields = append(v.Fields, f)
	}
	rank := func(name string) int {
		switch name {
		case "number":
			return 0
		case "name":
			return 1
		}
		return 2
	}
	sort.Slice(v.Fields, func(i, j int) bool {
		a, b := v.Fields[i].Name, v.Fields[j].Name
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a < b
	})
	return v
}

// serveWorkspaceRecord is GET /now/workspace/api/record/{table}/{sys_id}:
// one record for a tab.
func (s *Server) serveWorkspaceRecord(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.authUser(w, r); !ok {
		return
	}
	table, id := r.PathValue("table"), r.PathValue("sys_id")
	if !s.DB.HasTable(table) {
		writeError(w, http.StatusNotFound, "Invalid table "+table, "The workspace cannot open records of a table the instance does not have")
		return
	}
	rec, err := s.DB.Get(table, id)
	if err != nil {
		writeError(w, http.StatusNotFound, "No Record found", "Record doesn't exist or ACL restricts the record retrieval")
		return
	}
	writeResult(w, http.StatusOK, workspaceRecord(s.DB, table, rec))
}
