package snsim

import (
	"maps"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// The Table API: /api/now/table/{table}[/{sys_id}], also under /api/now/v1/
// and /api/now/v2/ (reference:
// https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html).
//
//	GET, HEAD  collection -> 200 {"result":[...]} with X-Total-Count and Link
//	GET, HEAD  record     -> 200 {"result":{...}}, 404 when missing
//	POST       collection -> 201 {"result":{...}} and Location (one record per request)
//	PUT, PATCH record     -> 200 {"result":{...}} (both change only the fields sent)
//	DELETE     record     -> 204
//
// A POST may carry X-HTTP-Method-Override; X-no-response-body: true leaves
// out the body of writes. An empty list is 200 [] under v2 and unversioned
// (an unversioned path is the latest version, v2), 404 under v1, as v1 did.
// Errors: 400 Invalid table, 401, 403 (ACLs, acl.go), 404 No Record found,
// 405, 406 (Accept other than JSON), 415 (a write body other than JSON),
// 400 malformed JSON, 429 (rate limits).

// tableCall is one Table API request, authenticated and parsed.
type tableCall struct {
	user    Record
	table   string
	sysID   string
	method  string // after X-HTTP-Method-Override
	version string // "v1", "v2" or "" (unversioned)
	prefix  string // the path up to the table: /api/now/[v1/]table/
	p       tableParams
	raw     url.Values // the query string, for page links
	view    *tableView
	base    string // the instance URL
}

func (s *Server) serveTable(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authUser(w, r)
	if !ok {
		return
	}
	c, err := s.newTableCall(r, user)
	if err == nil {
		err = s.dispatchTable(w, r, c)
	}
	if err != nil {
		writeAPIError(w, err)
	}
}

func (s *Server) newTableCall(r *http.Request, user Record) (*tableCall, error) {
	table := r.PathValue("table")
	if !s.DB.HasTable(table) && !defined(table) {
		return nil, invalidTable(table)
	}
	if !acceptsJSON(r.Header.Get("Accept")) {
		return nil, &apiError{http.StatusNotAcceptable, "Requested response format is not supported",
			"this instance answers application/json only: send Accept: application/json"}
	}
	p, err := parseTableParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	method := r.Method
	if o := r.Header.Get("X-HTTP-Method-Override"); o != "" && method == http.MethodPost {
		method = strings.ToUpper(o)
	}
	prefix := r.URL.Path[:strings.Index(r.URL.Path, "/table/")+len("/table/")]
	version := ""
	if strings.Contains(prefix, "/v1/") {
		version = "v1"
	} else if strings.Contains(prefix, "/v2/") {
		version = "v2"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return &tableCall{
		user: user, table: table, sysID: r.PathValue("sys_id"), method: method, version: version,
		prefix: prefix, p: p, raw: r.URL.Query(), view: newTableView(s.DB, s.extraColumns()), base: scheme + "://" + r.Host,
	}, nil
}

func (s *Server) dispatchTable(w http.ResponseWriter, r *http.Request, c *tableCall) error {
	record := c.sysID != ""
	switch {
	case (c.method == http.MethodGet || c.method == http.MethodHead) && !record:
		return s.listRecords(w, c)
	case c.method == http.MethodGet || c.method == http.MethodHead:
		return s.getRecord(w, c)
	case c.method == http.MethodPost && !record:
		return s.tableCreate(w, r, c)
	case (c.method == http.MethodPut || c.method == http.MethodPatch) && record:
		return s.tableUpdate(w, r, c)
	case c.method == http.MethodDelete && record:
		return s.tableDelete(w, c)
	}
	allow := "GET, HEAD, POST"
	if record {
		allow = "GET, HEAD, PUT, PATCH, DELETE"
	}
	w.Header().Set("Allow", allow)
	return &apiError{http.StatusMethodNotAllowed, "Method not Supported", c.method + " is not supported here: use " + allow}
}

func (s *Server) listRecords(w http.ResponseWriter, c *tableCall) error {
	if err := s.checkACL(c.user, c.table, aclRead); err != nil {
		return err
	}
	q := c.query()
	c.view.load(c.table, append(q.Fields(), c.p.fields...))
	// One accessor for every row: matching runs once per record of the table.
	var cur Record
	value := func(f string) string { return c.view.value(c.table, cur, f) }
	rows := c.view.rows(c.table, func(rec Record) bool {
		cur = rec
		return q.Match(value)
	})
	if len(q.OrderBy) > 0 {
		sort.SliceStable(rows, func(i, j int) bool {
			return q.Compare(
				func(f string) string { return c.view.value(c.table, rows[i], f) },
				func(f string) string { return c.view.value(c.table, rows[j], f) }) < 0
		})
	}
	total := len(rows)
	page := rows[min(c.p.offset, total):min(c.p.offset+c.p.limit, total)]
	if !c.p.noCount {
		w.Header().Set("X-Total-Count", strconv.Itoa(total))
	}
	if !c.p.noPaging && c.p.limit > 0 {
		w.Header().Set("Link", c.pageLinks(total))
	}
	if c.version == "v1" && len(page) == 0 {
		return &apiError{http.StatusNotFound, "No Record found", "no " + c.table + " record matches the query (Table API v1 answers 404 for an empty list)"}
	}
	rd := c.renderer()
	result := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		result = append(result, rd.record(rec))
	}
	c.answer(w, http.StatusOK, result)
	return nil
}

func (s *Server) getRecord(w http.ResponseWriter, c *tableCall) error {
	rec, _, err := s.existing(c, aclRead)
	if err != nil {
		return err
	}
	c.view.load(c.table, c.p.fields)
	c.answer(w, http.StatusOK, c.renderer().record(rec))
	return nil
}

// existing checks that the user may do op on the table, then returns the
// addressed record and the table it is in (404 when there is none).
func (s *Server) existing(c *tableCall, op aclOp) (Record, string, error) {
	if err := s.checkACL(c.user, c.table, op); err != nil {
		return nil, "", err
	}
	rec, class, err := c.view.get(c.table, c.sysID)
	if err != nil {
		return nil, "", errNoRecordFound
	}
	return rec, class, nil
}

// query is the request's filter: sysparm_query, or the name=value pairs
// (a reference matches its sys_id or display value, a choice its value or
// label), without the parts on invalid fields.
func (c *tableCall) query() Query {
	q := c.p.query
	if c.p.filters != nil {
		var conj Conjunction
		for name, value := range c.p.filters {
			term := Term{{Field: name, Op: OpEquals, Value: value}}
			def, _ := fieldOf(c.table, name)
			if def.ref != "" {
				if ids := c.view.idsByDisplay(def.ref, value); len(ids) > 0 {
					term = append(term, Condition{Field: name, Op: OpIn, Value: strings.Join(ids, ",")})
				}
			}
			if v, ok := def.choiceValue(value); ok {
				term = append(term, Condition{Field: name, Op: OpEquals, Value: v})
			}
			conj = append(conj, term)
		}
		q = Query{Alternatives: []Conjunction{conj}}
	}
	return q.Restrict(func(f string) bool { return c.view.known(c.table, f) })
}

// pageLinks builds the Link header: first, prev, next and last pages
// (last needs the count, which sysparm_no_count skips).
func (c *tableCall) pageLinks(total int) string {
	page := func(offset int, rel string) string {
		q := maps.Clone(c.raw)
		q.Set("sysparm_offset", strconv.Itoa(offset))
		q.Set("sysparm_limit", strconv.Itoa(c.p.limit))
		return "<" + c.base + c.prefix + c.table + "?" + q.Encode() + `>;rel="` + rel + `"`
	}
	links := []string{page(0, "first")}
	if c.p.offset > 0 {
		links = append(links, page(max(c.p.offset-c.p.limit, 0), "prev"))
	}
	if c.p.offset+c.p.limit < total {
		links = append(links, page(c.p.offset+c.p.limit, "next"))
	}
	if !c.p.noCount {
		links = append(links, page(max(total-1, 0)/c.p.limit*c.p.limit, "last"))
	}
	return strings.Join(links, ",")
}

func (c *tableCall) renderer() renderer {
	return renderer{view: c.view, table: c.table, p: c.p, base: c.base}
}

// answer writes {"result": result}; HEAD gets the status and headers only.
func (c *tableCall) answer(w http.ResponseWriter, status int, result any) {
	if c.method == http.MethodHead {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(status)
		return
	}
	writeResult(w, status, result)
}

// acceptsJSON reports whether an Accept header allows application/json.
func acceptsJSON(accept string) bool {
	if accept == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/json", "application/*", "*/*", "*":
			return true
		}
	}
	return false
}
