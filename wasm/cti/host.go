package cti

import (
	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/openframe"
)

// onHostEvent handles an OpenFrame event from the workspace. Payloads that
// do not parse are logged and dropped.
func (c *Connector) onHostEvent(ev HostEvent) {
	if !c.leader() {
		// The leader's own workspace delivers AWA and presence events to it;
		// what the agent did in this tab's workspace goes to the leader.
		if hostForwarded[ev.Name] && c.p.Tabs != nil {
			c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabHost, From: c.cfg.ClientID, User: c.state.User, Action: ev.Name, Value: string(ev.Payload)})
		}
		return
	}
	switch ev.Name {
	case openframe.EventWorkItemOffered:
		if w, ok := c.workItem(ev); ok {
			c.onOffered(w)
		}
	case openframe.EventWorkItemAccepted:
		if w, ok := c.workItem(ev); ok {
			if !c.offered(w) {
				// Accepted without our having seen the offer (the panel
				// loaded after it): take it on now.
				c.onOffered(w)
			}
			c.onWorkspaceAccepted(w)
		}
	case openframe.EventWorkItemRejected:
		if w, ok := c.workItem(ev); ok {
			c.onWorkspaceRejected(w)
		}
	case openframe.EventAWAPresence:
		p, err := openframe.ParseAWAPresence(ev.Payload)
		if err != nil {
			c.logf("warn", "%s: %v", ev.Name, err)
			return
		}
		c.onAWAPresence(p)
	case openframe.EventCommunication:
		d, err := openframe.ParseCommunication(ev.Payload)
		if err != nil {
			c.logf("warn", "%s: %v", ev.Name, err)
			return
		}
		c.dial(d)
	case openframe.EventWrapUpSubmitted:
		w, err := openframe.ParseWrapUp(ev.Payload)
		if err != nil {
			c.logf("warn", "%s: %v", ev.Name, err)
			return
		}
		if call := c.state.wrapUpCall(w.RecordID); call != nil {
			c.submitWrapUp(call, w.WrapUpCode, w.WrapUpNotes, api.WrapUpSourceWorkspace)
		}
	case openframe.EventCommFailure:
		c.logf("warn", "OpenFrame communication failure: %s", ev.Payload)
	case openframe.EventBeforeDestroy:
		c.logf("info", "the workspace is unloading")
	}
}

func (c *Connector) workItem(ev HostEvent) (openframe.WorkItem, bool) {
	w, err := openframe.ParseWorkItem(ev.Payload)
	if err != nil {
		c.logf("warn", "%s: %v", ev.Name, err)
		return w, false
	}
	return w, true
}
