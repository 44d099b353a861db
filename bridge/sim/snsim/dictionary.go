package snsim

import (
	"slices"
	"sort"
	"strings"
)

// The dictionary is the simulator's stand-in for an instance's sys_dictionary,
// sys_db_object and sys_choice: for every table the seed, the bridge and the
// workspace use, its parent table, its display field and the columns the
// real table has (dictionary_*.go, one file per family, each citing the
// pages that list the columns), which columns are references, choices,
// journal fields or passwords, and which are calculated (dictionary_calc.go).
//
// The tables are strict, as on an instance:
//   - a write (Table API, openframe voice-interaction API, a Batch API inner
//     request) to a column the table does not have is dropped silently
//     (tablewrite_rules.go);
//   - a query condition, sort key or sysparm_fields entry naming a column the
//     table does not have is ignored, as c_TableAPI.md says of invalid fields
//     and invalid parts of a query;
//   - a record renders the columns of the table it is read through, and only
//     those: reading task gives an incident's task columns, not its caller.
//
// A parent table holds its children's rows (task holds incidents, cases,
// requests; sys_user holds customer contacts), as ServiceNow's table
// hierarchy does (platform-administration/table-administration-and-data-
// management/r_ImportantTaskTableFields.md: "Task Type ... corresponds to the
// child class").

// tableDef describes one table.
type tableDef struct {
	// extends is the parent table ("" for a base table).
	extends string
	// display is the field shown as the record's display value (inherited
	// when empty; sys_id when no table in the chain names one).
	display string
	// columns lists the plain columns, space-separated.
	columns string
	// fields describes the columns that are references, choices, journal
	// fields or passwords (they are columns too).
	fields map[string]fieldDef
}

// fieldDef describes a column that is more than a string.
type fieldDef struct {
	// ref is the referenced table, for reference fields.
	ref string
	// choices maps stored values to their labels.
	choices []choice
	// password fields are never returned and cannot be queried.
	password bool
	// journal fields (journal_input: work_notes, comments) keep each value
	// written as a sys_journal_field entry and read back empty
	// (journal.go).
	journal bool
}

type choice struct{ value, label string }

// systemColumns every table has.
var systemColumns = []string{"sys_id", "sys_created_on", "sys_created_by", "sys_updated_on", "sys_updated_by", "sys_mod_count", "sys_class_name"}

func ref(table string) fieldDef       { return fieldDef{ref: table} }
func choices(cs ...choice) fieldDef   { return fieldDef{choices: cs} }
func label(value, text string) choice { return choice{value: value, label: text} }

var journalField = fieldDef{journal: true}

// dictionary is the simulator's schema, by table name; the dictionary_*.go
// files fill it in their init.
var dictionary = map[string]tableDef{}

// defineTables adds tables to the dictionary.
func defineTables(defs map[string]tableDef) {
	for name, def := range defs {
		dictionary[name] = def
	}
}

// Dictionary lists, for every table the simulator defines, the names of its
// columns: its own, its parents' and the system columns, sorted. The bridge's
// schema test checks every table and column the product reads or writes
// against it.
func Dictionary() map[string][]string {
	out := make(map[string][]string, len(dictionary))
	for table := range dictionary {
		cols := declaredColumns(table)
		sort.Strings(cols)
		out[table] = slices.Compact(cols)
	}
	return out
}

// defined reports whether the dictionary describes the table.
func defined(table string) bool {
	_, ok := dictionary[table]
	return ok
}

// fieldOf returns a column's definition, looking up the parent tables too.
func fieldOf(table, name string) (fieldDef, bool) {
	for t := table; t != ""; t = dictionary[t].extends {
		if f, ok := dictionary[t].fields[name]; ok {
			return f, true
		}
	}
	return fieldDef{}, false
}

// declaredColumns lists the columns the dictionary gives a table, its
// parents' and the system columns included.
func declaredColumns(table string) []string {
	cols := append([]string(nil), systemColumns...)
	for t := table; t != ""; t = dictionary[t].extends {
		def := dictionary[t]
		cols = append(cols, strings.Fields(def.columns)...)
		names := make([]string, 0, len(def.fields))
		for name := range def.fields {
			names = append(names, name)
		}
		sort.Strings(names)
		cols = append(cols, names...)
	}
	return cols
}

// isDeclared reports whether the dictionary gives a table (or a parent of
// it) the column, system columns included.
func isDeclared(table, name string) bool {
	if slices.Contains(systemColumns, name) {
		return true
	}
	for t := table; t != ""; t = dictionary[t].extends {
		if _, ok := dictionary[t].fields[name]; ok || slices.Contains(strings.Fields(dictionary[t].columns), name) {
			return true
		}
	}
	return false
}

// isPassword reports whether a column holds a password.
func isPassword(table, name string) bool {
	f, _ := fieldOf(table, name)
	return f.password
}

// isJournal reports whether a column is a journal field.
func isJournal(table, name string) bool {
	f, _ := fieldOf(table, name)
	return f.journal
}

// displayField is the column whose value is a record's display value.
func displayField(table string) string {
	for t := table; t != ""; t = dictionary[t].extends {
		if d := dictionary[t].display; d != "" {
			return d
		}
	}
	return "sys_id"
}

// subtables lists table and every table that extends it, directly or not,
// table first and the others sorted.
func subtables(table string) []string {
	out := []string{table}
	for name := range dictionary {
		if name != table && extendsTable(name, table) {
			out = append(out, name)
		}
	}
	sort.Strings(out[1:])
	return out
}

// extendsTable reports whether child extends ancestor, directly or not.
func extendsTable(child, ancestor string) bool {
	for t := dictionary[child].extends; t != ""; t = dictionary[t].extends {
		if t == ancestor {
			return true
		}
	}
	return false
}

// choiceLabel returns the label of a choice value ("" and false when the
// field has no such choice).
func (f fieldDef) choiceLabel(value string) (string, bool) {
	for _, c := range f.choices {
		if c.value == value {
			return c.label, true
		}
	}
	return "", false
}

// choiceValue returns the value whose label is text.
func (f fieldDef) choiceValue(text string) (string, bool) {
	for _, c := range f.choices {
		if c.label == text {
			return c.value, true
		}
	}
	return "", false
}
