package snsim

import (
	"net/url"
	"strconv"
	"strings"
)

// displayMode is sysparm_display_value.
type displayMode int

const (
	// displayValues false (default): stored values.
	displayValues displayMode = iota
	// displayLabels true: display values (reference names, choice labels).
	displayLabels
	// displayBoth all: {"display_value","value"} for every field.
	displayBoth
)

// defaultLimit is sysparm_limit's default.
const defaultLimit = 10000

// tableParams are a Table API request's query parameters.
//
// Reference: https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html
type tableParams struct {
	// query is sysparm_query; when it is absent, filters holds the plain
	// name=value pairs (the two are exclusive; sysparm_query wins).
	query   Query
	filters map[string]string
	// fields is sysparm_fields (nil: every field).
	fields []string
	// limit and offset page the list (sysparm_limit, sysparm_offset).
	limit, offset int
	// display is sysparm_display_value.
	display displayMode
	// excludeLinks is sysparm_exclude_reference_link.
	excludeLinks bool
	// inputDisplay is sysparm_input_display_value: written references and
	// choices may be display values.
	inputDisplay bool
	// noCount (sysparm_no_count) leaves out X-Total-Count and the last page
	// link.
	noCount bool
	// noPaging (sysparm_suppress_pagination_header) leaves out Link.
	noPaging bool
}

// parseTableParams reads the parameters; a limit or offset that is not a
// number is a 400. Unknown sysparm_ parameters are ignored.
func parseTableParams(v url.Values) (tableParams, error) {
	p := tableParams{
		limit:        defaultLimit,
		excludeLinks: isTrue(v.Get("sysparm_exclude_reference_link")),
		inputDisplay: isTrue(v.Get("sysparm_input_display_value")),
		noCount:      isTrue(v.Get("sysparm_no_count")),
		noPaging:     isTrue(v.Get("sysparm_suppress_pagination_header")),
	}
	switch strings.ToLower(v.Get("sysparm_display_value")) {
	case "true":
		p.display = displayLabels
	case "all":
		p.display = displayBoth
	}
	var err error
	if p.limit, err = nonNegative(v, "sysparm_limit", defaultLimit); err != nil {
		return p, err
	}
	if p.offset, err = nonNegative(v, "sysparm_offset", 0); err != nil {
		return p, err
	}
	if f := v.Get("sysparm_fields"); f != "" {
		for _, name := range strings.Split(f, ",") {
			if name = strings.TrimSpace(name); name != "" {
				p.fields = append(p.fields, name)
			}
		}
	}
	if v.Has("sysparm_query") {
		p.query = ParseQuery(v.Get("sysparm_query"))
		return p, nil
	}
	for name, values := range v {
		if !strings.HasPrefix(name, "sysparm_") && len(values) > 0 {
			if p.filters == nil {
				p.filters = map[string]string{}
			}
			p.filters[name] = values[0]
		}
	}
	return p, nil
}

// isTrue reads a boolean parameter as ServiceNow does: "true" in any case.
func isTrue(s string) bool { return strings.EqualFold(s, "true") }

func nonNegative(v url.Values, name string, def int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, badRequest("Invalid "+name, name+" must be a whole number, 0 or more; got "+strconv.Quote(s))
	}
	return n, nil
}
