package snsim

import "strings"

// tableView reads the DB for one Table API request the way the Table API
// sees it: a table holds its subtables' rows (dictionary.go), a field may
// dot-walk one reference, and a field is valid when the dictionary declares
// it or a record holds it. It caches the referenced tables a request
// dot-walks into, so that matching records (which runs under the DB's
// lock) never calls the DB.
type tableView struct {
	db   *DB
	refs map[string]map[string]Record // referenced table -> sys_id -> record
}

func newTableView(db *DB) *tableView {
	return &tableView{db: db, refs: map[string]map[string]Record{}}
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

// hasColumn reports whether table has the column: declared in the
// dictionary, or held by one of its records.
func (v *tableView) hasColumn(table, name string) bool {
	if isDeclared(table, name) {
		return true
	}
	found := false
	for _, t := range v.tables(table) {
		// The match function only looks, and returns false, so nothing is
		// copied.
		_, _ = v.db.Find(t, func(r Record) bool {
			if !found {
				_, found = r[name]
			}
			return false
		})
	}
	return found
}

// known reports whether a query or sysparm_fields may use field on table:
// a column, or "reference.column" through a reference column. Password
// columns are not known.
func (v *tableView) known(table, field string) bool {
	first, second, dotted := strings.Cut(field, ".")
	if !dotted {
		return !isPassword(table, field) && v.hasColumn(table, field)
	}
	def, ok := fieldOf(table, first)
	return ok && def.ref != "" && !isPassword(def.ref, second) && v.hasColumn(def.ref, second)
}

// load caches the tables that the dotted fields among fields walk into.
func (v *tableView) load(table string, fields []string) {
	for _, f := range fields {
		first, _, dotted := strings.Cut(f, ".")
		def, ok := fieldOf(table, first)
		if !dotted || !ok || def.ref == "" || v.refs[def.ref] != nil {
			continue
		}
		byID := map[string]Record{}
		for _, r := range v.rows(def.ref, nil) {
			byID[r["sys_id"]] = r
		}
		v.refs[def.ref] = byID
	}
}

// value returns a record's value of field, dot-walking through the tables
// load cached ("" when the reference is empty or broken).
func (v *tableView) value(table string, rec Record, field string) string {
	first, second, dotted := strings.Cut(field, ".")
	if !dotted {
		return rec[field]
	}
	def, _ := fieldOf(table, first)
	return v.refs[def.ref][rec[first]][second]
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
