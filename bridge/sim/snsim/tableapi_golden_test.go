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
