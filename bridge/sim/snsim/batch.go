package snsim

import (
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"time"
)

// The Batch API, as api-reference/rest-apis/batch-api.md documents it:
//
//	POST /api/now/{api_version}/batch   (the page gives only the versioned URL)
//	{"batch_request_id", "rest_requests":[{"id","method","url","headers":[{name,value}],
//	  "body":"<base64>","exclude_response_headers":bool}]}
//	-> 200 {"batch_request_id", "serviced_requests":[{"id","body":"<base64>","status_code",
//	  "status_text","headers":[{name,value}],"execution_time":ms[,"error_message"]}],
//	  "unserviced_requests":["<id>", ...]}
//
// Each inner request runs as if it were sent alone, with the envelope's
// credentials unless it carries its own: ACLs, rate limits, faults and
// request counts apply to it (the page: "Apply existing ACLs to each API
// call in the batch"). The envelope answers 401 without valid credentials,
// 400 when it is not a batch request, 405/406/415 (the generic REST codes,
// api-reference/rest-api-explorer/c_RESTAPI.md) for another method, Accept
// or Content-Type. The documented limits apply (batch_limits.go): a request
// item's body over 5 MB, an answer over 10 MB (or the lower
// X-BATCHREQUEST-MAX-OUTPUT-SIZE) or a batch running past 30 s leaves that
// item and the ones after it in unserviced_requests. Not simulated: XML
// bodies are passed through as they are, and multipart/mixed answers
// (Accept: multipart/mixed) are refused with 406.

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
	RedirectURL   string        `json:"redirect_url,omitempty"`
}

// maxBatchBody bounds a batch envelope.
const maxBatchBody = 64 << 20

func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/now/batch" {
		writeError(w, http.StatusBadRequest, "Requested URI does not represent any resource",
			"the Batch API is versioned only: POST /api/now/v1/batch")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "Method not Supported", r.Method+" is not supported here: use POST")
		return
	}
	user, err := s.authenticate(r)
	s.stats.countBatchUser(user["user_name"])
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Basic realm="Service-now"`)
		writeAPIError(w, err)
		return
	}
	if !acceptsJSON(r.Header.Get("Accept")) {
		writeError(w, http.StatusNotAcceptable, "Requested response format is not supported",
			"this instance answers a batch as application/json only: send Accept: application/json")
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
	lim := newBatchLimits(r.Header.Get("X-BATCHREQUEST-MAX-OUTPUT-SIZE"), time.Now())
	resp := batchResponse{BatchRequestID: req.BatchRequestID, ServicedRequests: []batchInnerReply{}, UnservicedRequests: []string{}}
	for i, call := range req.RESTRequests {
		reply, ok := s.runInner(r, call, lim)
		if !ok {
			for _, rest := range req.RESTRequests[i:] {
				resp.UnservicedRequests = append(resp.UnservicedRequests, rest.ID)
			}
			break
		}
		resp.ServicedRequests = append(resp.ServicedRequests, reply)
	}
	writeJSON(w, http.StatusOK, resp)
}

// innerRequest builds an inner request, or says what is wrong with it.
func innerRequest(outer *http.Request, call batchInnerCall, body []byte) (*http.Request, string) {
	if call.ID == "" || call.Method == "" || call.URL == "" {
		return nil, "each rest_requests item needs id, method and url"
	}
	if !strings.HasPrefix(call.URL, "/api/") {
		return nil, "url must be an instance-relative REST path starting with /api/, got " + call.URL
	}
	inner, err := http.NewRequestWithContext(outer.Context(), strings.ToUpper(call.Method), call.URL, strings.NewReader(string(body)))
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
