package cti

import "strings"

// purpose is what a request to the bridge is for. A request's id is
// "<purpose>:<key>" (purpose.id), the key naming the call, interaction or
// presence it concerns; the answer comes back with that id and is handled
// by its purpose (onBridge).
type purpose string

// Request purposes.
const (
	// purposeSession registers the panel's session (its id has no key).
	purposeSession purpose = "session"
	// purposeLookup and purposeCall ask how an interaction (by sys_id) or a
	// call (by VCC id) is.
	purposeLookup purpose = "lookup"
	purposeCall   purpose = "call"
	// purposeAccept and purposeReject answer or reject a ringing call.
	purposeAccept purpose = "accept"
	purposeReject purpose = "reject"
	// purposeWrapUp, purposeContext and purposeMatch are kept writes
	// (resend.go): a call's wrap-up, the record an outbound call was placed
	// from, the caller chosen among several matches.
	purposeWrapUp  purpose = "wrapup"
	purposeContext purpose = "context"
	purposeMatch   purpose = "match"
	// purposeTransfer transfers a call; purposeTransferAgents asks which
	// agents can take one.
	purposeTransfer       purpose = "transfer"
	purposeTransferAgents purpose = "transfer-agents"
	// purposePresenceSet sets the agent's presence ("<origin>:<id>" key);
	// purposePresence asks the bridge to sync it.
	purposePresenceSet purpose = "presence-set"
	purposePresence    purpose = "presence"
)

// id is the request id of this purpose for key.
func (p purpose) id(key string) string { return string(p) + ":" + key }

// splitID is a request id's purpose and key.
func splitID(id string) (purpose, string) {
	p, key, _ := strings.Cut(id, ":")
	return purpose(p), key
}
