package snsim

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strings"
)

// The dictionary as an instance publishes it: sys_db_object (one row per
// table: name, super_class) and sys_dictionary (one row per column a table
// defines itself: name = the table, element = the column, internal_type,
// reference = the referenced table's name). The bridge's doctor reads them
// to check the columns the product uses on a real instance; the simulator
// serves the same rows, generated from dictionary_*.go at every reset.
//
// Source: platform-administration/table-administration-and-data-management/
// (the dictionary and table pages); the column names of sys_dictionary and
// sys_db_object are well known, no page lists them. internal_type is
// "reference", "journal_input", "password2", "GUID" for sys_id and "string"
// for every other column: the simulator keeps no other types.

func init() {
	defineTables(map[string]tableDef{
		"sys_db_object": {display: "name", columns: "name label",
			fields: map[string]fieldDef{"super_class": ref("sys_db_object")}},
		"sys_dictionary": {display: "element", columns: "name element internal_type reference active"},
	})
}

// dictionaryRecords returns the sys_db_object and sys_dictionary rows of
// the dictionary, with sys_ids derived from their names so that they are
// the same in every run.
func dictionaryRecords() (tables, columns []Record) {
	names := make([]string, 0, len(dictionary))
	for name := range dictionary {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		def := dictionary[name]
		row := Record{"sys_id": stableID("sys_db_object", name), "name": name, "label": name}
		if def.extends != "" {
			row["super_class"] = stableID("sys_db_object", def.extends)
		}
		tables = append(tables, row)
		for _, col := range ownColumns(name) {
			columns = append(columns, Record{
				"sys_id": stableID("sys_dictionary", name+"."+col), "name": name, "element": col,
				"internal_type": internalType(name, col), "reference": dictionary[name].fields[col].ref, "active": "true",
			})
		}
	}
	return tables, columns
}

// ownColumns lists the columns a table defines itself (a base table also
// gets the system columns), sorted.
func ownColumns(table string) []string {
	def := dictionary[table]
	cols := strings.Fields(def.columns)
	for name := range def.fields {
		cols = append(cols, name)
	}
	if def.extends == "" {
		cols = append(cols, systemColumns...)
	}
	sort.Strings(cols)
	return cols
}

func internalType(table, col string) string {
	f := dictionary[table].fields[col]
	switch {
	case col == "sys_id":
		return "GUID"
	case f.ref != "":
		return "reference"
	case f.journal:
		return "journal_input"
	case f.password:
		return "password2"
	}
	return "string"
}

// stableID is a sys_id derived from a name.
func stableID(kind, name string) string {
	sum := md5.Sum([]byte(kind + ":" + name))
	return hex.EncodeToString(sum[:])
}
