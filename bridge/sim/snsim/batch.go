package snsim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The Batch API: POST /api/now/v1/batch runs several REST requests in one
// (reference: https://www.servicenow.com/docs/r/api-reference/rest-apis/batch-api.html).
// Each inner request runs as if sent alone, with the envelope's credentials
// unless it carries its own: ACLs, rate limits, faults and request counts
// apply to it. The envelope itself is not counted as a REST request.
// Inner URLs must be /api/ paths other than the Batch API itself; one that
// is not gets a serviced 400. unserviced_requests is always empty: the
// simulator has no batch size or time limits.

type batchRequest struct {
	BatchRequestID string           `json:"batch_request_id"`
	RESTRequests   []batchInnerCall `json:"rest_requests"`
}

type batchInnerCall struct {
	ID                     string        `json:"id"`
	Method                 string        `json:"method"`
	URL                    string        `json:"url"`
	Headers                []batchHeader `json:"headers"`
	Body                   string        `json:"body"` // base64
	ExcludeResponseHeaders bool          `json:"exclude_response_headers"`
}

type batchHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type batchResponse struct {
	BatchRequestID     string            `json:"batch_request_id"`
	ServicedRequests   []batchInnerReply `json:"serviced_requests"`
	UnservicedRequests []string          `json:"unserviced_requests"`
}

type batchInnerReply struct {
	ID            string        `json:"id"`
	Body          string        `json:"body"` // base64
	StatusCode    int           `json:"status_code"`
	StatusText    string        `json:"status_text"`
	Headers       []batchHeader `json:"headers"`
	ExecutionTime int64         `json:"execution_time"` // milliseconds
	ErrorMessage  string        `json:"error_message,omitempty"`
}

// maxBatchBody bounds a batch envelope.
const maxBatchBody = 10 << 20

func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "Method not Supported", r.Method+" is not supported here: use POST")
		return
	}
	if _, err := s.authenticate(r); err != nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="Service-now"`)
		writeAPIError(w, err)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "Unsupported Media Type", "send the batch as JSON with Content-Type: application/json")
		return
	}
	var req batchRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBatchBody)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "Exception while reading request", "the body is not a valid batch request: "+err.Error())
		return
	}
	if len(req.RESTRequests) == 0 {
		writeError(w, http.StatusBadRequest, "Exception while reading request", "rest_requests is required: a list of {id, method, url, headers, body}")
		return
	}
	resp := batchResponse{BatchRequestID: req.BatchRequestID, ServicedRequests: []batchInnerReply{}, UnservicedRequests: []string{}}
	for _, call := range req.RESTRequests {
		resp.ServicedRequests = append(resp.ServicedRequests, s.runInner(r, call))
	}
	writeJSON(w, http.StatusOK, resp)
}

// runInner runs one inner request through the whole instance (gate, mux).
func (s *Server) runInner(outer *http.Request, call batchInnerCall) batchInnerReply {
	start := time.Now()
	rec := newBufferedResponse()
	inner, problem := innerRequest(outer, call)
	if problem != "" {
		writeError(rec, http.StatusBadRequest, "Invalid batch request item", problem)
	} else {
		s.serve(rec, inner)
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	reply := batchInnerReply{
		ID:            call.ID,
		Body:          base64.StdEncoding.EncodeToString(rec.body.Bytes()),
		StatusCode:    rec.status,
		StatusText:    http.StatusText(rec.status),
		Headers:       []batchHeader{},
		ExecutionTime: time.Since(start).Milliseconds(),
	}
	if rec.status >= 400 {
		reply.ErrorMessage = http.StatusText(rec.status)
	}
	if !call.ExcludeResponseHeaders {
		names := make([]string, 0, len(rec.header))
		for name := range rec.header {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			reply.Headers = append(reply.Headers, batchHeader{Name: name, Value: strings.Join(rec.header[name], ", ")})
		}
	}
	return reply
}

// innerRequest builds an inner request, or says what is wrong with it.
func innerRequest(outer *http.Request, call batchInnerCall) (*http.Request, string) {
	if call.ID == "" || call.Method == "" || call.URL == "" {
		return nil, "each rest_requests item needs id, method and url"
	}
	if !strings.HasPrefix(call.URL, "/api/") {
		return nil, "url must be an instance-relative REST path starting with /api/, got " + call.URL
	}
	body, err := base64.StdEncoding.DecodeString(call.Body)
	if err != nil {
		return nil, "body must be base64-encoded: " + err.Error()
	}
	inner, err := http.NewRequestWithContext(outer.Context(), strings.ToUpper(call.Method), call.URL, bytes.NewReader(body))
	if err != nil {
		return nil, "the request cannot be built: " + err.Error()
	}
	if parseAPIPath(inner.URL.Path).api == batchAPI {
		return nil, "a batch cannot contain a batch"
	}
	inner.Host, inner.RemoteAddr, inner.TLS = outer.Host, outer.RemoteAddr, outer.TLS
	for _, h := range []string{"Authorization", "X-UserToken", "Cookie"} {
		if v := outer.Header.Get(h); v != "" {
			inner.Header.Set(h, v)
		}
	}
	for _, h := range call.Headers {
		inner.Header.Set(h.Name, h.Value)
	}
	return inner, ""
}

// bufferedResponse collects an inner request's answer.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedResponse() *bufferedResponse { return &bufferedResponse{header: http.Header{}} }

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
