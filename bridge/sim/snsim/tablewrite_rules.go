package snsim

import (
	"sort"
	"strings"
)

// The write rules every write from outside the instance passes (the Table
// API, the openframe voice-interaction API, and so the Batch API's inner
// requests), as an instance applies its dictionary and business rules:
//
//   - a column the table does not have is dropped silently, and so are the
//     system columns (sys_id excepted, on insert): the instance fills them;
//   - a journal field's value becomes a sys_journal_field entry and is not
//     kept on the record (journal.go);
//   - a new record gets the table's defaults, calculated columns are
//     computed (dictionary_calc.go);
//   - the phone log's "Set Agent" business rule runs before an insert.
//
// The simulator's own engines (AWA, the workspace) write the DB directly and
// are not filtered.
//
// Sources: api-reference/rest-apis/c_TableAPI.md (invalid fields are
// ignored), the PATCH example there (a comments value written reads back
// empty), customer-service-management/r_InstalledWithOpenFrame.md (Set
// Agent).

// assumedColumns are columns a table has only while an assumption switch
// is on (the behaviour the switch stands for needs them): switch -> table ->
// columns. Registered by the files that implement the switch.
var assumedColumns = map[string]map[string][]string{}

// addAssumedColumns registers columns that exist only under a switch.
func addAssumedColumns(sw, table string, cols ...string) {
	if assumedColumns[sw] == nil {
		assumedColumns[sw] = map[string][]string{}
	}
	assumedColumns[sw][table] = append(assumedColumns[sw][table], cols...)
}

// extraColumns returns the columns the switched-on assumptions add, by
// table.
func (s *Server) extraColumns() map[string][]string {
	out := map[string][]string{}
	for sw, byTable := range assumedColumns {
		if !s.assumes(sw) {
			continue
		}
		for t, cols := range byTable {
			out[t] = append(out[t], cols...)
		}
	}
	return out
}

// hasColumn reports whether writes through table may set col.
func (s *Server) hasColumn(table, col string) bool {
	if !defined(table) {
		return true // a table outside the dictionary keeps what it is given
	}
	if isDeclared(table, col) {
		return true
	}
	for t := table; t != ""; t = dictionary[t].extends {
		for _, c := range s.extraColumns()[t] {
			if c == col {
				return true
			}
		}
	}
	return false
}

// writable keeps the columns of rec a write through table may set, and
// splits off the journal fields' values.
func (s *Server) writable(table string, rec Record, insert bool) (keep Record, journal map[string]string) {
	keep, journal = Record{}, map[string]string{}
	for k, v := range rec {
		switch {
		case strings.HasPrefix(k, "sys_") && !(insert && k == "sys_id"):
		case !s.hasColumn(table, k):
		case isJournal(table, k):
			if strings.TrimSpace(v) != "" {
				journal[k] = v
			}
		default:
			keep[k] = v
		}
	}
	return keep, journal
}

// insertRecord creates a record of table with the write rules applied,
// made by user.
func (s *Server) insertRecord(table string, rec Record, user Record) (Record, error) {
	keep, journal := s.writable(table, rec, true)
	for col, v := range defaultsOf(table) {
		if keep[col] == "" {
			keep[col] = v
		}
	}
	calculate(table, keep, nil, true)
	beforeInsert(table, keep, user)
	created, err := s.DB.Insert(table, keep, user["user_name"])
	if err != nil {
		return nil, err
	}
	s.addJournal(table, created["sys_id"], journal, user["user_name"])
	return created, nil
}

// updateRecord changes a record of class (the table it is in) through table
// (the table the write addressed: its columns are the ones that may be set).
func (s *Server) updateRecord(table, class, sysID string, changes Record, user Record) (Record, error) {
	keep, journal := s.writable(table, changes, false)
	if len(calculationsOf(class)) > 0 {
		cur, err := s.DB.Get(class, sysID)
		if err != nil {
			return nil, err
		}
		before := cur.Clone()
		changed := map[string]bool{}
		for k, v := range keep {
			changed[k] = true
			cur[k] = v
		}
		calculate(class, cur, changed, false)
		for col := range calculationsOf(class) {
			if changed[col] || cur[col] != before[col] {
				keep[col] = cur[col]
			}
		}
	}
	updated, err := s.DB.Update(class, sysID, keep, user["user_name"])
	if err != nil {
		return nil, err
	}
	s.addJournal(class, sysID, journal, user["user_name"])
	return updated, nil
}

// addJournal stores one sys_journal_field entry per journal value, in
// column order.
func (s *Server) addJournal(table, sysID string, values map[string]string, by string) {
	cols := make([]string, 0, len(values))
	for c := range values {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		_, _ = s.DB.Insert(journalTable, Record{"name": table, "element_id": sysID, "element": c, "value": strings.TrimSpace(values[c])}, by)
	}
}

// beforeInsert runs the before-insert business rules the simulator has.
// "Set Agent" (r_InstalledWithOpenFrame.md): a phone log logged without an
// agent gets the logged-in user as its agent.
func beforeInsert(table string, rec Record, user Record) {
	if table == "sn_openframe_phone_log" && rec["agent"] == "" {
		rec["agent"] = user["sys_id"]
	}
}
