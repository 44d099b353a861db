//go:build !js

package vccsim

import (
	"mime"
	"net/http"
	"strings"
	"time"
)

// The v0 Web API's calls resource, the part the bridge uses (VCC's older
// API family, addressed by the account's API key, on the region's host):
//
//   - GET /v0/{accountKey}/calls/{callGuid}: the call detail ("Retrieving
//     the call detail", https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3568796012),
//     Accept application/json;version=3, during the call and for 24 hours
//     after it;
//   - POST /v0/{accountKey}/calls/{callGuid}/dispositionCode: the call's
//     disposition code (webapi_disposition.go).
//
// The pages send "Authorization: Bearer <token>" from the legacy
// /v0/oauth2/token endpoint; the simulator takes the access tokens of
// /Auth/connect/token instead (client credentials), with scope
// interactions:write, which no page names for these endpoints (assumed).
// The callGuid is the interactionId of the channel events (assumed: no page
// links the two). A call of another account, an unknown one, or one that
// ended more than 24 hours ago is 404 {"message":"The requested resource
// was not found."}, the page's 404.

// scopeWebAPI is the scope the simulator asks of v0 Web API tokens.
const scopeWebAPI = "interactions:write"

// callDetailTTL is how long after its end a call's detail can be read.
const callDetailTTL = 24 * time.Hour

// notFoundMessage is the v0 Web API's 404 body.
const notFoundMessage = "The requested resource was not found."

func (s *Server) webAPIRoutes() {
	s.mux.HandleFunc("GET /v0/{accountKey}/calls/{callGuid}", s.serveCallDetail)
	s.mux.HandleFunc("POST /v0/{accountKey}/calls/{callGuid}/dispositionCode", s.serveDispositionCode)
}

// callDetail is the call detail of version 3.
type callDetail struct {
	ID              string       `json:"id"`
	Links           []webAPILink `json:"links"`
	From            callEnd      `json:"from"`
	To              callEnd      `json:"to"`
	Status          *string      `json:"status"`
	RecordingStatus *string      `json:"recordingStatus"`
	Result          *callResult  `json:"result"`
	DispositionCode *string      `json:"dispositionCode"`
}

type webAPILink struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}

// callEnd is the from or to of a call detail.
type callEnd struct {
	TelephoneNumber string `json:"telephoneNumber,omitempty"`
	AgentID         string `json:"agentId,omitempty"`
}

// callResult is how a call ended, when it failed: the page's example is
// {"code":"Failure","party":"Originator","reason":"NoAnswer"}.
type callResult struct {
	Code   string `json:"code"`
	Party  string `json:"party"`
	Reason string `json:"reason"`
}

// Reasons of a failed outbound call's result.
const (
	resultNoAnswer = "NoAnswer" // documented
	resultBusy     = "Busy"     // assumed
)

// detail is the call's detail; acd.mu is held. Inbound: from the caller's
// number, to the number they dialled (the queue's DDI). Outbound: from the
// agent who dialled (agentId, and the number presented to the callee as
// telephoneNumber, as in the page's example), to the number dialled. A
// transfer changes neither.
func (c *call) detail(base string) callDetail {
	d := callDetail{
		ID:    c.id,
		Links: []webAPILink{{Href: base + "/v0/" + c.account.Key + "/Calls/" + c.id, Rel: "_self"}},
		From:  callEnd{TelephoneNumber: c.from}, To: callEnd{TelephoneNumber: c.ddi},
		Result: c.result,
	}
	if c.direction == dirOutbound {
		d.To = callEnd{TelephoneNumber: c.to}
		if c.origin != nil {
			d.From.AgentID = c.origin.AgentID
		}
	}
	if c.disposition != "" {
		code := c.disposition
		d.DispositionCode = &code
	}
	return d
}

// webAPICaller authenticates a v0 Web API request and finds the account of
// its path, answering the request itself when it cannot go on: 401 without
// a valid token, 403 without the scope, 404 for an account key that is not
// the token's.
func (s *Server) webAPICaller(w http.ResponseWriter, r *http.Request) (*Account, bool) {
	raw, ok := bearerToken(r)
	if !ok {
		s.denied(w)
		return nil, false
	}
	c, err := s.verifyAccessToken(raw)
	if err != nil {
		s.log.Printf("web api: %s %s: %v", r.Method, r.URL.Path, err)
		s.denied(w)
		return nil, false
	}
	if !c.HasScope(scopeWebAPI) {
		writeMessage(w, http.StatusForbidden, "The access token lacks the scope this request needs ("+scopeWebAPI+"); request a token with it.")
		return nil, false
	}
	acct, ok := s.accountByID(c.AccountID)
	if !ok || acct.Key != r.PathValue("accountKey") {
		writeMessage(w, http.StatusNotFound, notFoundMessage)
		return nil, false
	}
	return acct, true
}

// findCall looks up a call of acct whose detail may still be read: live, or
// ended less than callDetailTTL ago. acd.mu is held.
func (a *acd) findCall(acct *Account, id string) *call {
	c := a.calls[strings.ToLower(id)]
	if c == nil || c.account.ID != acct.ID {
		return nil
	}
	if !c.overAt.IsZero() && a.s.now().Sub(c.overAt) > callDetailTTL {
		return nil
	}
	return c
}

// serveCallDetail is GET /v0/{accountKey}/calls/{callGuid}.
func (s *Server) serveCallDetail(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.webAPICaller(w, r)
	if !ok {
		return
	}
	if v := acceptVersion(r.Header.Get("Accept")); v != "3" {
		writeMessage(w, http.StatusNotAcceptable, "Ask for version 3 of the call detail: Accept: application/json;version=3.")
		return
	}
	var (
		d     callDetail
		found bool
	)
	s.acd.locked(func(*later) {
		if c := s.acd.findCall(acct, r.PathValue("callGuid")); c != nil {
			d, found = c.detail(s.cfg.BaseURL), true
		}
	})
	if !found {
		writeMessage(w, http.StatusNotFound, notFoundMessage)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// acceptVersion finds "application/json;version=N" among the Accept
// header's media ranges and returns N, or "".
func acceptVersion(accept string) string {
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && mt == "application/json" && params["version"] != "" {
			return params["version"]
		}
	}
	return ""
}
