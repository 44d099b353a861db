package snsim

// Ledger rows for OpenFrame: the openFrameAPI library the instance serves
// (openframe.js), the events it delivers, the TopFrame's side of its wire
// protocol (topframe.js), OpenFrameAjaxUtility (openframe_ajax.go) and the
// OpenFrame configuration (workspace.go).
const (
	docOpenFrameAPI = "api-reference/c_openFrameAPI.md"
	docOpenFrame    = "customer-service-management/c_OpenFrameOverview.md"
	docOFConfig     = "customer-service-management/t_CreateAnOpenFrameConfiguration.md"
	docOFInstalled  = "customer-service-management/r_InstalledWithOpenFrame.md"
	docOFEvents     = "customer-service-management/openframe-cti-events.md"
	// refWire is the public reference for what the library and the TopFrame
	// say to each other: ServiceNow's own code, seen in public adapters.
	refWire = "ServiceNow's openFrameAPI library and sn_openframe TopFrame as embedded in public CTI adapters"
)

func init() {
	const lib = "OpenFrame API (openFrameAPI library)"
	addLedger(
		Row{Area: lib, Item: "GET /scripts/openframe/{latest|version}/openFrameAPI.min.js",
			What:   "Serves the library (also openFrameAPI.js); global openFrameAPI with EVENTS, FRAME_MODE and version() \"1.0.5\".",
			Source: docOpenFrameAPI + ", " + docOpenFrame, Status: Documented},
		Row{Area: lib, Item: "init(config, success, failure)",
			What:   "Must come first (other methods throw before it); success receives the OpenFrame configuration; failure after 3 s without an answer.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: lib, Item: "show, hide, isVisible",
			What:   "Show or hide the panel in the workspace; isVisible calls back with a boolean. The workspace raises openframe_shown / openframe_hidden.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: lib, Item: "setTitle, setSubtitle, setSize, setWidth, setHeight",
			What:   "Set the panel header (strings cut at 256) and size (the workspace caps each side at 75 % of its window).",
			Source: docOpenFrameAPI + "; the cap: " + refWire, Status: Documented},
		Row{Area: lib, Item: "setIcons, setTitleIcon, setFrameMode, setICContext, toastMessage",
			What:   "Sent to the workspace, which accepts and ignores them: the stand-in has no icons, frame modes, interaction controls or toasts.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: lib, Item: "openServiceNowForm, openServiceNowFormwithChildTab, openServiceNowList, openCustomURL",
			What:   "Open a record (sys_id=-1 with sysparm_query prefills a new one) as a workspace tab, under the interaction's tab when interaction_sys_id or parent_entity names one; lists and relative URLs are recorded; an absolute custom URL throws.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: lib, Item: "setPresenceIndicator(state, color)",
			What:   "Only paints the workspace's presence indicator with the state and colour given; AWA presence is not changed (the TopFrame calls nothing for it).",
			Source: docOpenFrameAPI + " (it displays agent availability in a workspace)", Status: Documented},
		Row{Area: lib, Item: "getAWAAgentPresence(success, failure)",
			What:   "Calls back with {presence:{name, sys_id, available, channels:[{name, available, sys_id, restrict_update, service_channel_type}]}}, the agent's AWA presence.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: lib, Item: "subscribe(event, callback)",
			What:   "Accepts the EVENTS constants and the documented event names; any other name throws \"<e> is not a valid event for subscription\".",
			Source: docOpenFrameAPI + "; the message: " + refWire, Status: Documented},
	)

	const ev = "OpenFrame events"
	addLedger(
		Row{Area: ev, Item: "openframe_awa_agent_presence",
			What:   "On every change of the agent's AWA presence (Agent API, presence menu, AWA timeout): {result:{presence:{name, sys_id, available, channels}}}.",
			Source: docOpenFrameAPI + ", " + docOFEvents, Status: Documented},
		Row{Area: ev, Item: "openframe_awa_workitem_offered, openframe_awa_workitem_accepted",
			What:   "When a work item is offered to or accepted by the agent: {result:{workItem:{sys_id, size, serviceChannel:{name, sys_id}, document:{sys_id, table}, previousWorkItem (when there is one), isQueueTransferred, isAutoAccepted}}}.",
			Source: docOpenFrameAPI + ", " + docOFEvents + ", " + docAgentAPI + " (workItem fields)", Status: Documented},
		Row{Area: ev, Item: "openframe_awa_workitem_rejected",
			What:   "When the agent rejects an offer: {payload:{workItem:{…, rejection:{reason, sys_id}}}} (payload, not result, as the docs' sample has it).",
			Source: docOFEvents, Status: Documented},
		Row{Area: ev, Item: "offer withdrawn or timed out",
			What:   "Only removes the inbox card: no OpenFrame event.",
			Source: docOpenFrameAPI + " (no event is documented for it)", Status: Documented},
		Row{Area: ev, Item: "openframe_heart_beat, openframe_shown, openframe_hidden, openframe_before_destroy",
			What:   "Heart beat every 30 s {lastUiActivity, sessionLoggedIn:true}; shown and hidden with show/hide; before_destroy when the workspace page unloads.",
			Source: docOpenFrameAPI, Status: Documented},
		Row{Area: ev, Item: "openframe_awa_client_offer, openframe_agent_off_interaction, interaction_control_action, icon clicks, collapse/expand",
			What:   "Can be subscribed to; the stand-in never raises them.",
			Source: docOpenFrameAPI, Status: Documented},
	)

	const wire = "OpenFrame TopFrame (wire protocol)"
	addLedger(
		Row{Area: wire, Item: "NOW.PostMessage",
			What:   "Every message is JSON {type:\"NOW.PostMessage\", eventName, args} by postMessage, at most 4400 characters (longer: openframe_communication_failure), to \"*\" until init and to the topDomain init returned afterwards; the TopFrame hears only its panel's window and origin.",
			Source: refWire, Status: StandIn},
		Row{Area: wire, Item: "openframe_request / openframe_response",
			What:   "Requests {id:\"<method>_<random>\", method, payload} are answered {isSuccess, context:{id, result}}: openframe_init → {topDomain}, openframe_get_config → the configuration, openframe_visible → boolean, openframe_get_awa_agent_presence → {presence}.",
			Source: refWire, Status: StandIn},
		Row{Area: wire, Item: "panel → TopFrame events",
			What:   "openframe_show, _hide, _set_header_title {title|subtitle}, _set_size/_width/_height, _set_presence_indicator {state, color}, _set_top_frame_url {form|list|url}, _open_form_with_subtab; _set_header_icons, _set_header_title_icon, _set_frame_mode, _set_ic_context and _toast_message are accepted and ignored.",
			Source: refWire, Status: StandIn},
		Row{Area: wire, Item: "POST /sn_openframe_openFrameAjaxProcessor.do",
			What:   "OpenFrameAjaxUtility over GlideAjax (form-encoded, XML answer with a JSON answer attribute), with the workspace session: getOpenFrameConfiguration, getUserPreference, setUserPreference (openframe_user_frame_position). No method changes AWA presence; updateAgentPresence is not one (400).",
			Source: refWire + "; the script include: " + docOFInstalled, Status: StandIn},
	)

	const cfg = "OpenFrame configuration"
	addLedger(
		Row{Area: cfg, Item: "sn_openframe_configuration",
			What:   "The active default record (else the active one with the lowest order): name, title, subtitle, url, width, height, icon_class, title_icon, show_presence_indicator, collapsed_view_enabled, configuration (JSON for the partner page, handed to init's success).",
			Source: docOFConfig + "; One Default Configuration: " + docOFInstalled, Status: Documented},
		Row{Area: cfg, Item: "empty url",
			What:   "A seeded configuration's empty url is set to the simulator's Config.ConnectorURL when the seed loads (so the Table API returns the URL, as an instance would); with no active record, the connector URL with Phone, 360×600.",
			Source: "the simulator's setup (the page's URL field is instance-specific)", Status: StandIn},
	)
}
