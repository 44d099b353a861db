package snsim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// One Batch API inner request, run through the whole instance (the REST
// gate, the mux), and the limits api-reference/rest-apis/batch-api.md sets
// ("Size and processing limits"): 5 MB per item of the request
// (glide.rest.batch.max.inputSize), 10 MB per item of the answer
// (glide.rest.batch.max.outputSize, lowered by X-BATCHREQUEST-MAX-OUTPUT-SIZE,
// never raised), 30 s per batch (the REST Batch API request timeout quota
// rule). An item that reaches a limit is not serviced, nor are the ones
// after it: their ids are in unserviced_requests.

// The documented defaults.
const (
	batchMaxInput   = 5 << 20
	batchMaxOutput  = 10 << 20
	batchMaxRunTime = 30 * time.Second
)

// batchLimits are one batch's limits.
type batchLimits struct {
	maxOutput int
	deadline  time.Time
}

// newBatchLimits reads X-BATCHREQUEST-MAX-OUTPUT-SIZE (bytes; a value above
// the default, or not a number, leaves the default).
func newBatchLimits(header string, now time.Time) batchLimits {
	lim := batchLimits{maxOutput: batchMaxOutput, deadline: now.Add(batchMaxRunTime)}
	if n, err := strconv.Atoi(strings.TrimSpace(header)); err == nil && n > 0 && n < lim.maxOutput {
		lim.maxOutput = n
	}
	return lim
}

// runInner runs one inner request; false when a limit leaves it unserviced.
func (s *Server) runInner(outer *http.Request, call batchInnerCall, lim batchLimits) (batchInnerReply, bool) {
	start := time.Now()
	if start.After(lim.deadline) {
		return batchInnerReply{}, false
	}
	body, decodeErr := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(call.Body), ""))
	if len(body) > batchMaxInput {
		return batchInnerReply{}, false
	}
	rec := newBufferedResponse()
	inner, problem := innerRequest(outer, call, body)
	switch {
	case decodeErr != nil:
		writeError(rec, http.StatusBadRequest, "Invalid batch request item", "body must be base64-encoded: "+decodeErr.Error())
	case problem != "":
		writeError(rec, http.StatusBadRequest, "Invalid batch request item", problem)
	default:
		user := ""
		if u, err := s.authenticate(inner); err == nil {
			user = u["user_name"]
		}
		s.serve(rec, inner)
		s.stats.countBatchInner(user)
	}
	if rec.body.Len() > lim.maxOutput {
		return batchInnerReply{}, false
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
		reply.ErrorMessage = errorMessage(rec.body.Bytes(), rec.status)
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
	return reply, true
}

// errorMessage is a failed inner request's message: its error envelope's
// message, else the status text.
func errorMessage(body []byte, status int) string {
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	return http.StatusText(status)
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
