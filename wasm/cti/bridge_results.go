package cti

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vccnow/connector/wasm/api"
)

// onBridge handles the bridge's answers. IDs are "<purpose>:<key>".
func (c *Connector) onBridge(r BridgeResult) {
	purpose, key, _ := strings.Cut(r.ID, ":")
	if r.Err != nil || r.Status >= 300 {
		if c.resendLater(r.ID, r) {
			c.logf("info", "bridge %s %s: %d; sending it again shortly", purpose, key, r.Status)
			return
		}
		c.onBridgeError(purpose, key, r)
		return
	}
	c.sent(r.ID)
	if purpose == "accept" {
		c.mark("accepted")
	}
	switch purpose {
	case "lookup", "accept", "match", "call", "context", "transfer":
		var in api.Interaction
		if c.decode(r.ID, r.Body, &in) {
			c.applyInteraction(in)
		}
	case "session":
		var info api.SessionInfo
		if c.decode(r.ID, r.Body, &info) {
			c.logf("info", "bridge session for %s (%s)", info.UserName, info.UserSysID)
		}
	case "presence-set":
		c.onPresenceSet(key, r.Body)
	case "wrapup", "reject", "presence":
	}
}

func (c *Connector) onBridgeError(purpose, key string, r BridgeResult) {
	code, msg := "", ""
	if r.Err != nil {
		msg = r.Err.Error()
	} else {
		var e api.Error
		if json.Unmarshal(r.Body, &e) == nil {
			code, msg = e.Error.Code, e.Error.Message
		}
		if msg == "" {
			msg = fmt.Sprintf("HTTP %d", r.Status)
		}
	}
	c.logf("warn", "bridge %s %s: %d %s %s", purpose, key, r.Status, code, msg)
	switch {
	case code == api.CodeAccountMismatch:
		c.p.Softphone.Close()
		c.signedOut("")
		c.fail(msg)
	case purpose == "accept":
		call := c.state.call(key)
		if call == nil {
			return
		}
		if r.Status == 409 || r.Status == 404 {
			c.state.removeCall(key)
			c.ringUpdate()
			c.fail("The call could not be answered: " + msg)
			return
		}
		call.Pending = ""
		c.ringUpdate()
		c.fail("The call could not be answered: " + msg + ". Try again.")
	case purpose == "presence-set":
		c.onPresenceRefused(key, msg)
	case purpose == "wrapup":
		// The bridge keeps the write in its outbox; a failure here means the
		// request never reached it, even after resends.
		c.fail("Wrap-up was saved in Vonage but ServiceNow could not be told: " + msg)
	case purpose == "context":
		c.fail("The call could not be linked to the record you called from: " + msg)
	case purpose == "lookup" && r.Status == 404:
		// The bridge has not seen the interaction yet; the poll retries.
	}
}
