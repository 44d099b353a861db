//go:build !js

package vccsim

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// serveDispositionCode is POST /v0/{accountKey}/calls/{callGuid}/
// dispositionCode {"dispositionCode":"Wrong Number","agentId":"1234"}
// ("Setting disposition code for the call",
// https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3568861589):
// Content-Type application/json; the code is 3 to 64 characters. Answers
// 200 {"dispositionCode":"<code>"}; 400 {"message":"Disposition code field
// was expected. "} without a code; 404 {"message":"The requested resource
// was not found."} for an unknown call. Where the page is silent the
// simulator is strict (ledger_webapi.go): a code shorter than 3 or longer
// than 64 characters, or one that is not among the account's codes, is 400
// with its own message; an agentId that had no part in the call is 404; a
// body that is not JSON is 400; another Content-Type is 415.
//
// The code is the call's (the detail's dispositionCode) and the agent's:
// agentId's leg, or the call's latest agent leg without one. An agent whose
// codes are enforced and who is in wrap-up leaves it ("Disposition codes":
// once the code is set VCC moves the agent on); the others leave wrap-up as
// before, and their wrap-up needs no code of its own any more.
func (s *Server) serveDispositionCode(w http.ResponseWriter, r *http.Request) {
	acct, ok := s.webAPICaller(w, r)
	if !ok {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeMessage(w, http.StatusUnsupportedMediaType, `Send the body as application/json: {"dispositionCode":"<code>","agentId":"<agent id>"}.`)
		return
	}
	var body struct {
		DispositionCode string `json:"dispositionCode"`
		AgentID         string `json:"agentId"`
	}
	if err := readJSON(r, &body); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	code := strings.TrimSpace(body.DispositionCode)
	if msg := checkDispositionCode(code, acct); msg != "" {
		writeMessage(w, http.StatusBadRequest, msg)
		return
	}
	found := false
	s.acd.locked(func(*later) {
		c := s.acd.findCall(acct, r.PathValue("callGuid"))
		if c == nil {
			return
		}
		l := c.lastLeg
		if body.AgentID != "" {
			l = c.legOf(body.AgentID)
			if l == nil {
				return
			}
		}
		found = true
		s.acd.setDisposition(c, l, code)
	})
	if !found {
		writeMessage(w, http.StatusNotFound, notFoundMessage)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"dispositionCode": code})
}

// checkDispositionCode returns the 400 message for a code, "" when it is
// one of the account's codes.
func checkDispositionCode(code string, acct *Account) string {
	switch n := len([]rune(code)); {
	case n == 0:
		return "Disposition code field was expected. "
	case n > 255:
		return "Disposition code excceeds 255 characters."
	case n < 3 || n > 64:
		return "The disposition code must be 3 to 64 characters long."
	case !slices.Contains(acct.Dispositions, code):
		return fmt.Sprintf("Unknown disposition code %q; this account's codes are: %s.", code, strings.Join(acct.Dispositions, ", "))
	}
	return ""
}

// legOf is the latest leg of the call's agent with the display id; nil when
// that agent had no part in it.
func (c *call) legOf(agentID string) *leg {
	for i := len(c.legs) - 1; i >= 0; i-- {
		if c.legs[i].user.AgentID == agentID {
			return c.legs[i]
		}
	}
	return nil
}

// setDisposition records a disposition code for the call and the agent leg
// l (nil for a call no agent had); acd.mu is held.
func (a *acd) setDisposition(c *call, l *leg, code string) {
	c.disposition = code
	if l == nil {
		return
	}
	l.disposition = code
	if l.state == vccproto.CallWrapUp && l.user.EnforcedDispositionCodes {
		a.endWrap(l)
		a.dispatch()
		return
	}
	if l.state != vccproto.CallEnded {
		a.pushCall(l)
	}
}
