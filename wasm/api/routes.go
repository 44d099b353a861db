package api

import (
	"net/url"
	"strings"
)

// Route is one endpoint of the bridge's REST API: its method and path
// pattern, with {name} segments as net/http's ServeMux writes them. The
// bridge registers Pattern; the panel builds request paths with Path.
type Route struct {
	Method  string
	Pattern string
}

// The bridge's routes; the comment says the request body → the answer.
var (
	RouteSession        = Route{"POST", "/api/v1/agent/session"}                // Session → SessionInfo
	RoutePresence       = Route{"PUT", "/api/v1/agent/presence"}                // SetPresence → Presence (VCC's Agents API)
	RoutePresenceSync   = Route{"POST", "/api/v1/agent/presence/sync"}          // → 202 (AWA set again from VCC's presence)
	RouteTransferAgents = Route{"GET", "/api/v1/agent/transfer-agents"}         // → TransferAgents (who can take a transfer now)
	RouteInteraction    = Route{"GET", "/api/v1/interactions/{sys_id}"}         // → Interaction
	RouteAccept         = Route{"POST", "/api/v1/interactions/{sys_id}/accept"} // Accept → Interaction
	RouteReject         = Route{"POST", "/api/v1/interactions/{sys_id}/reject"} // Reject → Interaction
	RouteMatch          = Route{"POST", "/api/v1/interactions/{sys_id}/match"}  // Match → Interaction
	RouteCall           = Route{"GET", "/api/v1/calls/{vcc_id}"}                // → Interaction
	RouteContext        = Route{"POST", "/api/v1/calls/{vcc_id}/context"}       // Context → Interaction
	RouteTransfer       = Route{"POST", "/api/v1/calls/{vcc_id}/transfer"}      // Transfer → Interaction
	RouteWrapUp         = Route{"POST", "/api/v1/calls/{vcc_id}/wrapup"}        // WrapUp → Interaction
)

// Routes lists every route of the agent API.
var Routes = []Route{RouteSession, RoutePresence, RoutePresenceSync, RouteInteraction, RouteAccept, RouteReject,
	RouteMatch, RouteCall, RouteContext, RouteTransfer, RouteWrapUp, RouteTransferAgents}

// Mux is the route as a ServeMux pattern ("POST /api/v1/...").
func (r Route) Mux() string { return r.Method + " " + r.Pattern }

// Path fills the pattern's {name} segments with args, in order, each
// escaped as one path segment. Missing args leave the segment empty.
func (r Route) Path(args ...string) string {
	segs := strings.Split(r.Pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			v := ""
			if len(args) > 0 {
				v, args = args[0], args[1:]
			}
			segs[i] = url.PathEscape(v)
		}
	}
	return strings.Join(segs, "/")
}
