package snsim

import "strings"

// tableView reads the DB for one Table API request the way the Table API
// sees it: a table holds its subtables' rows (dictionary.go), a field is
// valid when the table has that column (the dictionary's, plus the columns a
// switched-on assumption adds), and a field may dot-walk through references
// ("request_item.requested_for.phone"). It caches the referenced tables a
// request dot-walks into, so that matching records (which runs under the
// DB's lock) never calls the DB.
//
// Dot-walking: platform-user-interface/c_DotWalking.md (a chain of field
// names separated by dots; three levels recommended, no limit stated — the
// simulator walks up to maxDotWalk).
type tableView struct {
	db    *DB
	extra map[string][]string          // table -> columns switched-on assumptions add
	refs  map[string]map[string]Record // referenced table -> sys_id -> record
}

// maxDotWalk bounds a dot-walked field's references.
const maxDotWalk = 5

func newTableView(db *DB, extra map[string][]string) *tableView {
	return &tableView{db: db, extra: extra, refs: map[string]map[string]Record{}}
}

// tables lists the DB tables a table's rows live in: itself and the tables
// that extend it.
func (v *tableView) tables(table string) []string {
	if !defined(table) {
		return []string{table}
	}
	return subtables(table)
}

// rows returns copies of the records of table (subtables included) for
// which match is true (all when nil). match runs under the DB's lock: it
// must not call the DB (value is safe once load has run).
func (v *tableView) rows(table string, match func(Record) bool) []Record {
	var out []Record
	for _, t := range v.tables(table) {
		if rs, err := v.db.Find(t, match); err == nil {
			out = append(out, rs...)
		}
	}
	return out
}

// get returns a record of table or its subtables, and the table it is in.
func (v *tableView) get(table, sysID string) (Record, string, error) {
	for _, t := range v.tables(table) {
		if r, err := v.db.Get(t, sysID); err == nil {
			return r, t, nil
		}
	}
	return nil, "", ErrNoRecord
}

// hasColumn reports whether table has the column: the dictionary declares
// it (or a switched-on assumption adds it). A table outside the dictionary
// has the columns its records hold.
func (v *tableView) hasColumn(table, name string) bool {
	if !defined(table) {
		found := false
		_, _ = v.db.Find(table, func(r Record) bool {
			if !found {
				_, found = r[name]
			}
			return false // only looks: nothing is copied
		})
		return found
	}
	if isDeclared(table, name) {
		return true
	}
	for t := table; t != ""; t = dictionary[t].extends {
		for _, c := range v.extra[t] {
			if c == name {
				return true
			}
		}
	}
	return false
}

// columns lists a table's columns: the dictionary's and the extra ones
// (for a table outside the dictionary, what rec holds).
func (v *tableView) columns(table string, rec Record) []string {
	if !defined(table) {
		cols := make([]string, 0, len(rec))
		for c := range rec {
			cols = append(cols, c)
		}
		return cols
	}
	cols := declaredColumns(table)
	for t := table; t != ""; t = dictionary[t].extends {
		cols = append(cols, v.extra[t]...)
	}
	return cols
}

// walk resolves a dotted field to the table and column its last part
// names; false when a part is not a reference or the chain is too long.
func walk(table, field string) (string, string, bool) {
	parts := strings.Split(field, ".")
	if len(parts) > maxDotWalk+1 {
		return "", "", false
	}
	for _, p := range parts[:len(parts)-1] {
		def, ok := fieldOf(table, p)
		if !ok || def.ref == "" {
			return "", "", false
		}
		table = def.ref
	}
	return table, parts[len(parts)-1], true
}

// known reports whether a query or sysparm_fields may use field on table:
// a column, or a chain of references ending in a column. Password columns
// are not known.
func (v *tableView) known(table, field string) bool {
	t, col, ok := walk(table, field)
	return ok && col != "" && !isPassword(t, col) && v.hasColumn(t, col)
}

// load caches the tables that the dotted fields among fields walk into.
func (v *tableView) load(table string, fields []string) {
	for _, f := range fields {
		parts := strings.Split(f, ".")
		t := table
		for _, p := range parts[:len(parts)-1] {
			def, ok := fieldOf(t, p)
			if !ok || def.ref == "" {
				break
			}
			t = def.ref
			if v.refs[t] == nil {
				byID := map[string]Record{}
				for _, r := range v.rows(t, nil) {
					byID[r["sys_id"]] = r
				}
				v.refs[t] = byID
			}
		}
	}
}

// value returns a record's value of field, dot-walking through the tables
// load cached ("" when a reference on the way is empty or broken). Journal
// fields read empty: their entries are in sys_journal_field.
func (v *tableView) value(table string, rec Record, field string) string {
	parts := strings.Split(field, ".")
	for _, p := range parts[:len(parts)-1] {
		def, _ := fieldOf(table, p)
		if rec = v.refs[def.ref][rec[p]]; rec == nil {
			return ""
		}
		table = def.ref
	}
	col := parts[len(parts)-1]
	if isJournal(table, col) {
		return ""
	}
	return rec[col]
}

// display returns the display value of the record a reference points to
// ("" when it points nowhere).
func (v *tableView) display(refTable, sysID string) string {
	r, t, err := v.get(refTable, sysID)
	if err != nil {
		return ""
	}
	return r[displayField(t)]
}

// idsByDisplay returns the sys_ids of the records of table whose display
// value is text.
func (v *tableView) idsByDisplay(table, text string) []string {
	var ids []string
	for _, t := range v.tables(table) {
		df := displayField(t)
		rs, _ := v.db.Find(t, func(r Record) bool { return r[df] == text })
		for _, r := range rs {
			ids = append(ids, r["sys_id"])
		}
	}
	return ids
}
