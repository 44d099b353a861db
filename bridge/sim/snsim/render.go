package snsim

// renderer turns records into the Table API's JSON objects, following
// sysparm_fields, sysparm_display_value and sysparm_exclude_reference_link:
//
//	reference, display false: {"link":"<instance>/api/now/table/<table>/<sys_id>","value":"<sys_id>"}, or "<sys_id>" without links
//	reference, display true:  {"display_value":"Beth Anglin","link":"..."}, or "Beth Anglin" without links
//	reference, display all:   {"display_value":"Beth Anglin","value":"<sys_id>","link":"..."}
//	other field, display true: the choice label where the dictionary has one, else the value
//	other field, display all:  {"display_value":"Work In Progress","value":"work_in_progress"}
//
// An empty reference is "" (or {"display_value":"","value":""} with all).
// Password fields are never rendered.
type renderer struct {
	view  *tableView
	table string
	p     tableParams
	// base is the instance URL reference links start with.
	base string
}

// record renders one record: the sysparm_fields columns, or every column
// of the table it is read through (an incident read through task shows its
// task columns only), passwords left out.
func (rd renderer) record(rec Record) map[string]any {
	cols := rd.p.fields
	if cols == nil {
		cols = rd.view.columns(rd.table, rec)
	}
	out := make(map[string]any, len(cols))
	for _, c := range cols {
		if rd.p.fields != nil && !rd.view.known(rd.table, c) {
			continue // ServiceNow ignores invalid sysparm_fields entries
		}
		if isPassword(rd.table, c) {
			continue
		}
		out[c] = rd.field(rec, c)
	}
	return out
}

// field renders one field of a record (name may dot-walk).
func (rd renderer) field(rec Record, name string) any {
	raw := rd.view.value(rd.table, rec, name)
	table, col, _ := walk(rd.table, name)
	def, _ := fieldOf(table, col)
	if def.ref != "" {
		return rd.reference(def.ref, raw)
	}
	label := raw
	if l, ok := def.choiceLabel(raw); ok {
		label = l
	}
	switch rd.p.display {
	case displayLabels:
		return label
	case displayBoth:
		return map[string]string{"display_value": label, "value": raw}
	}
	return raw
}

// reference renders a reference to refTable.
func (rd renderer) reference(refTable, id string) any {
	if id == "" {
		if rd.p.display == displayBoth {
			return map[string]string{"display_value": "", "value": ""}
		}
		return ""
	}
	link := rd.base + "/api/now/table/" + refTable + "/" + id
	switch rd.p.display {
	case displayLabels:
		dv := rd.view.display(refTable, id)
		if rd.p.excludeLinks {
			return dv
		}
		return map[string]string{"display_value": dv, "link": link}
	case displayBoth:
		m := map[string]string{"display_value": rd.view.display(refTable, id), "value": id}
		if !rd.p.excludeLinks {
			m["link"] = link
		}
		return m
	}
	if rd.p.excludeLinks {
		return id
	}
	return map[string]string{"link": link, "value": id}
}
