package snsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Seeded sys_ids the REST tests use (testdata/servicenow).
const (
	bethID        = "46d44a23a9fe19810012d100cca80666"
	integrationID = "7ead4e6c9db028ad1288407fb4a99bf6"
	davidID       = "7bcc1d6a2ba3be519ba517d29d7df7f3"
	julieID       = "123c6832cf7ba8edc6f20afe72fcf9b2"
	boxeoID       = "0a84aac098443ac599467557694ea9bc"
	inc101ID      = "c8ee27a60c26f77d3913b0b89530887b"
)

// restFixture is a simulated instance on the seed, with a clock the test
// moves, driven through its http.Handler.
type restFixture struct {
	t     *testing.T
	s     *Server
	clock time.Time
}

func newRESTFixture(t *testing.T) *restFixture {
	t.Helper()
	// AWA assigns at once, so a test sees an offer as soon as AWA settles
	// (the delay has its own tests: awa_delay_test.go).
	s, err := New(Config{SeedDir: filepath.Join("..", "..", "..", "testdata", "servicenow"), ConnectorURL: "http://127.0.0.1:8702/", AssignDelay: -1})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	f := &restFixture{t: t, s: s, clock: time.Date(2024, 5, 8, 12, 0, 0, 0, time.UTC)}
	s.now = func() time.Time { return f.clock }
	return f
}

// restReq is one request; zero fields take defaults: Basic auth as
// vcc.integration, a loopback client, JSON bodies.
type restReq struct {
	method, path string
	body         any // a string is sent as it is; anything else as JSON
	user, pass   string
	noAuth       bool
	header       map[string]string
	remote       string
}

func (f *restFixture) do(r restReq) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(f.t, err)
		body = bytes.NewReader(j)
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	// Tests write readable paths; spaces are the one character to escape.
	req := httptest.NewRequest(method, "http://localhost:8701"+strings.ReplaceAll(r.path, " ", "%20"), body)
	req.RemoteAddr = "127.0.0.1:40000"
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !r.noAuth {
		user, pass := r.user, r.pass
		if user == "" {
			user, pass = "vcc.integration", "integration"
		}
		req.SetBasicAuth(user, pass)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	return rec
}

// get is a GET as vcc.integration.
func (f *restFixture) get(path string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(restReq{path: path})
}

// decodeAs parses a response body.
func decodeAs[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), "body: %s", rec.Body.String())
	return v
}

// resultList is a list answer.
func resultList(t *testing.T, rec *httptest.ResponseRecorder) []map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, "body: %s", rec.Body.String())
	return decodeAs[struct {
		Result []map[string]any `json:"result"`
	}](t, rec).Result
}

// resultOne is a one-record answer.
func resultOne(t *testing.T, rec *httptest.ResponseRecorder, status int) map[string]any {
	t.Helper()
	require.Equal(t, status, rec.Code, "body: %s", rec.Body.String())
	return decodeAs[struct {
		Result map[string]any `json:"result"`
	}](t, rec).Result
}

// envelope is ServiceNow's error answer.
type envelope struct {
	Error struct {
		Message string  `json:"message"`
		Detail  *string `json:"detail"`
	} `json:"error"`
	Status string `json:"status"`
}

// errorOf checks the status and returns the error envelope.
func errorOf(t *testing.T, rec *httptest.ResponseRecorder, status int) envelope {
	t.Helper()
	require.Equal(t, status, rec.Code, "body: %s", rec.Body.String())
	e := decodeAs[envelope](t, rec)
	require.Equal(t, "failure", e.Status)
	return e
}

// column collects one field of every record.
func column(rows []map[string]any, name string) []any {
	out := make([]any, 0, len(rows))
	for _, r := range rows {
		out = append(out, r[name])
	}
	return out
}
