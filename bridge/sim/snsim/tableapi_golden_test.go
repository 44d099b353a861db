package snsim

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Table API conformance: each case is one request whose whole answer
// (status, the headers the Table API defines, body) must match its golden
// file, testdata/golden/<case>.json. After a deliberate change, rewrite
// them with
//
//	go test ./bridge/sim/snsim -run Golden -update
//
// and review the diff. The instance's clock is fixed and sys_ids made at
// run time are numbered in order of appearance ("<new sys_id 1>"), so the
// files do not change from run to run.
//
// Reference: https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden/*.json and CONTRACT.md from the simulator")

// goldenDir holds one golden file per case.
var goldenDir = filepath.Join("testdata", "golden")

// goldenHeaders are the response headers the golden files record.
var goldenHeaders = []string{"Allow", "Content-Type", "Link", "Location", "WWW-Authenticate", "X-Total-Count"}

// goldenCase is one request; about says what it shows.
type goldenCase struct {
	name  string
	about string
	req   restReq
}

// Seeded records the cases address (testdata/servicenow).
const (
	inc101Path = "/api/now/table/incident/" + inc101ID
	// fieldsNumberState keeps list answers short.
	fieldsNumberState = "sysparm_fields=number,state"
)

func goldenCases() []goldenCase {
	list := func(query string) restReq {
		return restReq{path: "/api/now/table/incident?" + fieldsNumberState + "&" + query}
	}
	ixBody := map[string]string{"type": "phone", "direction": "inbound", "state": "new", "caller_phone_number": "+14155550111",
		"short_description": "Inbound call"}
	return []goldenCase{
		// Errors.
		{"error_400_invalid_table", "a table the instance does not have", restReq{path: "/api/now/table/no_such_table"}},
		{"error_400_invalid_limit", "sysparm_limit that is not a number", restReq{path: "/api/now/table/incident?sysparm_limit=ten"}},
		{"error_400_malformed_json", "a write whose body is not JSON", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: `{"short_description":`}},
		{"error_401_no_credentials", "no Authorization header", restReq{path: "/api/now/table/incident", noAuth: true}},
		{"error_401_wrong_password", "Basic auth with a wrong password", restReq{path: "/api/now/table/incident", user: "vcc.integration", pass: "wrong"}},
		{"error_403_acl_read", "a user without itil reads incidents", restReq{path: "/api/now/table/incident", user: "report.viewer", pass: "viewer"}},
		{"error_403_acl_write", "a user without itil creates an incident", restReq{method: http.MethodPost, path: "/api/now/table/incident", user: "report.viewer", pass: "viewer", body: map[string]string{"short_description": "x"}}},
		{"error_404_no_record", "a sys_id the table does not hold", restReq{path: "/api/now/table/incident/0123456789abcdef0123456789abcdef"}},
		{"error_404_v1_empty_list", "Table API v1 answers 404 for a query that matches nothing", restReq{path: "/api/now/v1/table/incident?sysparm_query=number=INC9999999"}},
		{"error_405_delete_collection", "DELETE on a table rather than a record", restReq{method: http.MethodDelete, path: "/api/now/table/incident"}},
		{"error_405_post_record", "POST on a record rather than a table", restReq{method: http.MethodPost, path: inc101Path, body: map[string]string{}}},
		{"error_406_accept_xml", "an Accept header without JSON", restReq{path: inc101Path, header: map[string]string{"Accept": "application/xml"}}},
		{"error_415_text_body", "a write whose Content-Type is not JSON", restReq{method: http.MethodPatch, path: inc101Path, body: "state=2", header: map[string]string{"Content-Type": "text/plain"}}},

		// sysparm_query operators.
		{"query_equals", "=", list("sysparm_query=active=true")},
		{"query_not_equals", "!=", list("sysparm_query=state!=1")},
		{"query_like", "LIKE: contains, case-insensitive", list("sysparm_query=short_descriptionLIKEphone")},
		{"query_not_like", "NOT LIKE", list("sysparm_query=short_descriptionNOT LIKEhour^active=true")},
		{"query_startswith", "STARTSWITH", list("sysparm_query=short_descriptionSTARTSWITHp")},
		{"query_endswith", "ENDSWITH", list("sysparm_query=short_descriptionENDSWITHhour")},
		{"query_in", "IN", list("sysparm_query=stateIN1,3")},
		{"query_not_in", "NOT IN", list("sysparm_query=stateNOT IN1,2,3")},
		{"query_isempty", "ISEMPTY (a column a record lacks is empty)", list("sysparm_query=close_codeISEMPTY")},
		{"query_isnotempty", "ISNOTEMPTY", list("sysparm_query=hold_reasonISNOTEMPTY")},
		{"query_less", "< on numbers", list("sysparm_query=priority<4")},
		{"query_less_or_equal", "<= on date-times", list("sysparm_query=opened_at<=2024-05-05 15:10:00")},
		{"query_greater", "> on date-times", list("sysparm_query=opened_at>2024-05-06 08:45:00")},
		{"query_greater_or_equal", ">= on numbers", list("sysparm_query=state>=6")},
		{"query_and", "^ joins conditions that all hold", list("sysparm_query=active=true^category=hardware")},
		{"query_or", "^OR: either condition of the term", list("sysparm_query=state=3^ORstate=6")},
		{"query_new_query", "^NQ: either whole query", list("sysparm_query=category=network^NQstate=7^active=false")},
		{"query_orderby", "ORDERBY", list("sysparm_query=active=true^ORDERBYopened_at")},
		{"query_orderbydesc", "ORDERBYDESC, then ORDERBY", list("sysparm_query=ORDERBYDESCpriority^ORDERBYnumber")},
		{"query_dot_walk", "one-level dot-walk through a reference", list("sysparm_query=caller_id.user_name=david.miller")},
		{"query_invalid_part_ignored", "a condition on a field the table lacks is ignored, as ServiceNow does", list("sysparm_query=no_such_field=1^active=false")},
		{"query_plain_filters", "name=value pairs instead of sysparm_query; a reference by display value", list("active=true&caller_id=David Miller")},

		// Other parameters.
		{"fields_dot_walk_and_invalid", "sysparm_fields with a dot-walked field and an unknown one (left out)", restReq{path: "/api/now/table/incident?sysparm_query=number=INC0000101&sysparm_fields=number,caller_id.user_name,caller_id,no_such_field"}},
		{"limit_offset_paging", "a middle page: Link first/prev/next/last and X-Total-Count", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_offset=2")},
		{"limit_default_all", "no sysparm_limit: every match (the default limit is 10000)", list("sysparm_query=ORDERBYnumber")},
		{"no_count", "sysparm_no_count: no X-Total-Count and no last link", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_no_count=true")},
		{"suppress_pagination_header", "sysparm_suppress_pagination_header: no Link", list("sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_suppress_pagination_header=true")},
		{"display_value_false", "stored values; references as {link, value}", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=false"}},
		{"display_value_true", "display values: choice labels, reference names", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=true"}},
		{"display_value_all", "both, as {display_value, value}", restReq{path: inc101Path + "?sysparm_fields=number,state,caller_id,opened_at&sysparm_display_value=all"}},
		{"exclude_reference_link", "references as plain sys_ids", restReq{path: inc101Path + "?sysparm_fields=number,caller_id&sysparm_exclude_reference_link=true"}},
		{"exclude_reference_link_display_true", "references as plain display values", restReq{path: inc101Path + "?sysparm_fields=number,caller_id&sysparm_exclude_reference_link=true&sysparm_display_value=true"}},
		{"get_record", "one whole record", restReq{path: inc101Path}},
		{"get_v2_path", "the versioned path answers the same", restReq{path: "/api/now/v2/table/incident/" + inc101ID + "?sysparm_fields=number,sys_class_name"}},
		{"get_parent_table", "task holds its subtables' records", restReq{path: "/api/now/table/task?sysparm_fields=number,sys_class_name&sysparm_query=numberSTARTSWITHINC0000101^ORnumberSTARTSWITHCS0000101^ORnumberSTARTSWITHREQ0000101"}},

		// Methods.
		{"head_list", "HEAD: the list's status and headers, no body", restReq{method: http.MethodHead, path: "/api/now/table/incident?sysparm_limit=2"}},
		{"head_record", "HEAD on a record", restReq{method: http.MethodHead, path: inc101Path}},
		{"post_201_location", "POST creates one record: 201, Location, the record with its number and system fields", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: ixBody}},
		{"post_no_response_body", "X-no-response-body: true leaves the body out", restReq{method: http.MethodPost, path: "/api/now/table/interaction", body: ixBody, header: map[string]string{"X-no-response-body": "true"}}},
		{"post_input_display_value", "sysparm_input_display_value: a reference and a choice given by display value", restReq{method: http.MethodPost, path: "/api/now/table/incident?sysparm_input_display_value=true&sysparm_fields=number,caller_id,state",
			body: map[string]string{"short_description": "Cannot print", "caller_id": "David Miller", "state": "In Progress"}}},
		{"put_record", "PUT changes the fields sent", restReq{method: http.MethodPut, path: inc101Path + "?sysparm_fields=number,state,work_notes,sys_mod_count,sys_updated_by", body: map[string]string{"state": "3", "work_notes": "Waiting for the caller"}}},
		{"patch_record", "PATCH changes the fields sent", restReq{method: http.MethodPatch, path: inc101Path + "?sysparm_fields=number,state,short_description", body: map[string]string{"short_description": "Laptop will not boot"}}},
		{"patch_method_override", "POST with X-HTTP-Method-Override: PATCH", restReq{method: http.MethodPost, path: inc101Path + "?sysparm_fields=number,state", body: map[string]string{"state": "6"}, header: map[string]string{"X-HTTP-Method-Override": "PATCH"}}},
		{"patch_no_response_body", "X-no-response-body on an update", restReq{method: http.MethodPatch, path: inc101Path, body: map[string]string{"state": "6"}, header: map[string]string{"X-no-response-body": "true"}}},
		{"delete_204", "DELETE: 204, no body", restReq{method: http.MethodDelete, path: inc101Path}},
	}
}

func TestTableAPIGolden(t *testing.T) {
	cases := goldenCases()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newGoldenFixture(t)
			got := f.golden(tc, f.do(tc.req))
			path := filepath.Join(goldenDir, tc.name+".json")
			if *updateGolden {
				require.NoError(t, os.MkdirAll(goldenDir, 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden file: run go test ./bridge/sim/snsim -run Golden -update")
			assert.Equal(t, string(want), string(got), "the answer changed: if on purpose, rerun with -update and review the diff")
		})
	}

	t.Run("no stale golden files", func(t *testing.T) {
		files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
		require.NoError(t, err)
		for _, file := range files {
			name := strings.TrimSuffix(filepath.Base(file), ".json")
			if slices.ContainsFunc(cases, func(c goldenCase) bool { return c.name == name }) {
				continue
			}
			if *updateGolden {
				require.NoError(t, os.Remove(file))
				continue
			}
			t.Errorf("%s belongs to no case: delete it, or rerun with -update", file)
		}
	})
}

// TestGoldenCasesCoverTheTableAPI keeps the cases honest: every query
// parameter, operator and error status of the Table API has one.
func TestGoldenCasesCoverTheTableAPI(t *testing.T) {
	var requests []string
	statuses := map[int]bool{}
	methods := map[string]bool{}
	for _, tc := range goldenCases() {
		requests = append(requests, tc.req.path)
		if tc.req.method == "" {
			methods[http.MethodGet] = true
		}
		methods[tc.req.method] = true
		if s, ok := strings.CutPrefix(tc.name, "error_"); ok {
			n, err := strconv.Atoi(s[:3])
			require.NoError(t, err, tc.name)
			statuses[n] = true
		}
	}
	all := strings.Join(requests, "\n")
	for _, want := range []string{"sysparm_query=", "sysparm_fields=", "sysparm_limit=", "sysparm_offset=",
		"sysparm_display_value=false", "sysparm_display_value=true", "sysparm_display_value=all", "sysparm_exclude_reference_link=true",
		"sysparm_input_display_value=true", "sysparm_no_count=true", "sysparm_suppress_pagination_header=true",
		"=", "!=", "LIKE", "NOT LIKE", "STARTSWITH", "ENDSWITH", "IN", "NOT IN", "ISEMPTY", "ISNOTEMPTY",
		"<", "<=", ">", ">=", "^OR", "^NQ", "ORDERBY", "ORDERBYDESC", "caller_id.user_name", "/api/now/v1/", "/api/now/v2/"} {
		assert.Contains(t, all, want)
	}
	for _, status := range []int{400, 401, 403, 404, 405, 415} {
		assert.True(t, statuses[status], "no case for %d", status)
	}
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		assert.True(t, methods[m], "no case for %s", m)
	}
}

// goldenFixture is a REST fixture whose records were stored at the fixed
// test time, so that their system timestamps are stable.
type goldenFixture struct {
	*restFixture
	seeded map[string]bool // the seed's sys_ids
}

func newGoldenFixture(t *testing.T) *goldenFixture {
	t.Helper()
	f := newRESTFixture(t)
	f.s.DB.now = func() time.Time { return f.clock }
	require.NoError(t, f.s.DB.Reset(f.s.seed))
	seeded := map[string]bool{}
	for _, rows := range f.s.seed {
		for _, r := range rows {
			seeded[r["sys_id"]] = true
		}
	}
	return &goldenFixture{restFixture: f, seeded: seeded}
}

// goldenFile is what a golden file holds.
type goldenFile struct {
	About    string         `json:"about"`
	Request  goldenRequest  `json:"request"`
	Response goldenResponse `json:"response"`
}

type goldenRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	User    string            `json:"user,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

type goldenResponse struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// golden renders a case and its answer as the golden file's text.
func (f *goldenFixture) golden(tc goldenCase, rec *httptest.ResponseRecorder) []byte {
	f.t.Helper()
	req := goldenRequest{Method: tc.req.method, Path: tc.req.path, Headers: tc.req.header, Body: asJSON(f.t, tc.req.body)}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	switch {
	case tc.req.noAuth:
	case tc.req.user == "":
		req.User = "vcc.integration"
	default:
		req.User = tc.req.user
	}
	resp := goldenResponse{Status: rec.Code, Headers: map[string]string{}}
	for _, h := range goldenHeaders {
		if v := rec.Header().Get(h); v != "" {
			resp.Headers[h] = v
		}
	}
	if rec.Body.Len() > 0 {
		resp.Body = asJSON(f.t, rec.Body.String())
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(f.t, enc.Encode(goldenFile{About: tc.about, Request: req, Response: resp}))
	return f.numberNewIDs(b.Bytes())
}

// asJSON returns v as JSON: a string holding JSON as it is, other strings
// as JSON strings, anything else marshalled; nil for nil.
func asJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if json.Valid([]byte(x)) {
			var compact bytes.Buffer
			require.NoError(t, json.Compact(&compact, []byte(x)))
			return compact.Bytes()
		}
		b, err := json.Marshal(x)
		require.NoError(t, err)
		return b
	}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

var hexID = regexp.MustCompile(`\b[0-9a-f]{32}\b`)

// numberNewIDs replaces the sys_ids the request made (any 32-hex id that
// is not in the seed) by "<new sys_id N>", numbered in order of appearance.
func (f *goldenFixture) numberNewIDs(b []byte) []byte {
	names := map[string]string{}
	return hexID.ReplaceAllFunc(b, func(id []byte) []byte {
		if f.seeded[string(id)] {
			return id
		}
		name, ok := names[string(id)]
		if !ok {
			name = "<new sys_id " + strconv.Itoa(len(names)+1) + ">"
			names[string(id)] = name
		}
		return []byte(name)
	})
}
