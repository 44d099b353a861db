package snsim

// Ledger rows for the Agent Workspace stand-in (workspace*.go,
// workspace*.js, workspace.html, amb.go): the page an agent works in, which
// ServiceNow builds itself and the product only meets through OpenFrame.
const refAdapters = "public OpenFrame adapters (NovelVox, Webex Contact Center, Cisco Finesse samples)"

func init() {
	const area = "Agent Workspace (stand-in)"
	addLedger(
		Row{Area: area, Item: "GET /now/workspace/agent",
			What:   "The signed-in agent's workspace page: presence badge and menu, inbox, record tabs, wrap-up dialog, the OpenFrame panel (iframe gsft_openframe with the configuration's URL) and the presence indicator setPresenceIndicator paints.",
			Source: "Agent Workspace (" + docOpenFrame + "; " + docAWA + "agent-experience.md)", Status: StandIn},
		Row{Area: area, Item: "GET /scripts/sim/{topframe,workspace,workspace_tabs,workspace_wrapup}.js",
			What:   "The page's own scripts: the TopFrame (topframe.js) and the workspace's parts.",
			Source: "the simulator's own", Status: StandIn},
		Row{Area: area, Item: "GET /now/workspace/api/feed",
			What:   "Server-Sent Events for the signed-in agent, standing in for the AMB: a snapshot (presence, offers, wrap-ups), then offers, offers ended, presence, records assigned to the agent, wrap-ups and the OpenFrame events the page forwards to the panel. A subscriber that falls 64 events behind is dropped and reconnects.",
			Source: "ServiceNow's Asynchronous Message Bus (internal to the instance)", Status: StandIn},
		Row{Area: area, Item: "POST /now/workspace/api/presence",
			What:   "The presence menu: sets the agent's AWA presence state like PUT /api/now/awa/agents/{id}.",
			Source: docPresence, Status: StandIn},
		Row{Area: area, Item: "POST /now/workspace/api/inbox/{accept|reject}",
			What:   "An inbox card's Accept or Reject (a reason chosen from the channel's reasons, by order), with the Inbox Actions API's checks; accepting opens the document's tab.",
			Source: docAWA + "agent-experience.md, " + docInbox, Status: StandIn},
		Row{Area: area, Item: "inbox card",
			What:   "An offered work item's card: caller, interaction number, channel, queue, and a countdown from offered_on plus the offer's timeout (none without one); Reject only when the offer allows declining.",
			Source: docAWA + "awa-external-routing-overview.md (countdown from offered_on), " + docAWA + "awa-inbox-layout.md", Status: StandIn},
		Row{Area: area, Item: "GET /now/workspace/api/record/{table}/{sys_id}",
			What:   "A record for a tab: fields with reference display values and choice labels, phone fields marked for click-to-dial; system fields and passwords left out.",
			Source: "the workspace's record form", Status: StandIn},
		Row{Area: area, Item: "record tabs",
			What:   "openServiceNowForm opens a record as a tab, under its interaction's tab when interaction_sys_id names one; sys_id=-1 with sysparm_query opens a new record prefilled.",
			Source: docOpenFrameAPI + " (openServiceNowForm in Agent Workspace)", Status: StandIn},
		Row{Area: area, Item: "window.workspace",
			What:   "The page's test handle: user, token, presence, offers, wrapUps, tabs, openedForms, presenceIndicator, log, received, toPanel, ajax, awaPresence, setPresence, clickToDial, submitWrapUp.",
			Source: "the simulator's own (topframe.js, workspace*.js)", Status: StandIn},
		Row{Area: area, Item: "click-to-dial: openframe_communication",
			What:   "Clicking a phone field raises openframe_communication {type:\"OUTGOING_CALL\", data:{metaData:{phoneNumber}}, recordId, recordType} with the record clicked on at the top level; the older shape {phone_number} on request (clickToDial(number, \"old\")). No table or sys_id inside metaData.",
			Source: "none from ServiceNow: " + docOpenFrameAPI + " calls the event application-specific; the shapes are what " + refAdapters + " receive",
			Status: Assumed, IfWrong: "The panel reads the number from metaData.phoneNumber or phone_number (and telephoneNumber/phone/number) and dials; without recordId/recordType it dials without linking the record."},
	)
}
