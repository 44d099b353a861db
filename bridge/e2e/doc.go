//go:build !js

// Package e2e tests the connector the way agents use it: the whole product
// runs in the test's process — the ServiceNow instance simulator with its
// Agent Workspace page, the bridge with its SQLite store, the VCC simulator
// with its ACD, softphone signaling and media — and a real headless
// Chromium shows the workspace with the connector (the real .wasm) in its
// OpenFrame panel. Tests are ordinary Go tests that read as the agent's
// story; the examples in this package are the quickest start.
//
// If you customise the connector (presence mapping, queue rules, the
// panel's look), write your own stories here: they run with
//
//	./build.sh                                  # once: builds web/dist/connector.wasm
//	go test ./bridge/e2e -run TestShift -v      # one story
//	./build.sh test                             # everything
//
// A browser is needed: Chromium on PATH, or CHROMIUM=/path/to/chrome. A
// missing browser is an error, never a skip.
//
// # The world of a test
//
// [Start] gives a test its own [Env]: a fresh stack on free loopback ports
// (env.Stack: ServiceNowURL, BridgeURL, VCCURL and the servers), a fresh
// database and a fresh browser profile, all stopped when the test ends.
// The simulators load testdata: the demo agents beth.anglin and abel.tuter
// (VCC password [DemoPassword]), the queues support (CSM) and servicedesk
// (ITSM), and callers whose numbers testdata/servicenow/README.md lists
// (+14155550201 is Julie Lewis with an open case, +14155550121 Fred Luddy
// with an open incident, +14155550199 nobody).
//
// # One browser per agent
//
// [Env.OpenWorkspace] opens the Agent Workspace as a ServiceNow user in a
// tab of that user's own browser: each agent is a computer of their own, as
// in a contact centre, with their own workspace session and their own
// connector session. Opening the workspace again for the same user opens a
// second tab in the same browser. [Env.NewBrowser] and
// [Env.OpenWorkspaceIn] put the same agent on a second computer (the
// connector then asks which session to keep).
//
// # Workspaces and panels
//
// A [Workspace] is the workspace tab: [Workspace.WaitFor] waits for a
// JavaScript condition of the page (window.workspace holds its state),
// [Workspace.Click] clicks its controls (the inbox's
// [data-testid="ws-accept"], the presence menu [data-testid="ws-presence-menu"]),
// [Workspace.PanelEvents] lists the OpenFrame events it sent the panel.
//
// A [Panel] is the connector in the workspace's cross-site iframe:
// [Panel.State] reads window.vccConnector.state() (a [cti.State]),
// [Panel.WaitState] and [Panel.WaitCall] wait for the state to reach a
// condition, [Panel.Click], [Panel.Select] and [Panel.Text] use the controls
// by their data-testid. [Panel.SignIn] signs in through VCC's sign-in window
// as the agent does (nobody is ever signed in without a click);
// [Panel.GoReady] signs in if needed, waits for the audio and sets Ready;
// [Panel.Answer] and [Panel.WrapUp] take a call and finish it.
//
// # Reloads and tabs
//
// [Workspace.ReloadAll] reloads the whole tab (F5) and [Panel.ReloadPanel]
// only the panel's frame; both return the new [Panel], whose state comes
// from the snapshot first (Timings["restored"]) and then from VCC. A
// second [Env.OpenWorkspace] for the same agent is a follower tab
// (TabRole "follower") that mirrors the leader and controls it;
// [Workspace.Close] closes a tab as the agent (or a crash) does, and the
// follower leads at once.
//
// # Simulator controls
//
// Callers: [Env.PlaceCall] rings a queue from a number and returns VCC's
// interaction id, [Env.CallerHangsUp] hangs up as the caller (before an
// agent answers, the interaction ends closed_abandoned), [Env.SimCall] and
// [Env.WaitSimCall] read the call at VCC (state, agent, queue, DTMF,
// disposition, media counters). Agents: [Env.SimAgent] is the agent at VCC
// (presence, state, softphone sessions). AWA: [Env.SetOfferTimeout]
// shortens how long an offer rings. ServiceNow: [Env.AddServiceNowFault]
// makes the instance refuse the bridge (429 with Retry-After, 503) or slow
// it down, [Env.ResetServiceNowStats] and [Env.ServiceNowRequests] count
// what the bridge asks of it, [Env.ServiceNowREST] and
// [Env.InsertPhoneCall] act on it directly. The bridge:
// [Env.RestartBridge] restarts it on the same address and database.
//
// # Records
//
// [Env.Interaction] and [Env.WaitInteraction] find a call's one
// interaction by its VCC id, through its phone log (a second interaction
// for one call fails the test); [Env.Records] reads any table with an
// encoded query, as the admin; [Env.WaitLinked] waits for an interaction's
// related record.
//
// # Audio and presence
//
// Audio is real WebRTC between the browser (a fake microphone) and the VCC
// simulator (a pion peer playing the caller). Both directions are counted:
// SimCall's Media.RTPFromAgent is what VCC received from the agent,
// Media.RTPToAgent what it sent; the panel's State().Quality.PacketsReceived
// is what the browser received. [Env.WaitAgentAudioAfter] times the
// agent's audio coming back after a reload.
//
// Presence lives on three sides: the panel, the workspace (AWA) and VCC.
// [Workspace.ChoosePresence] changes it in the workspace menu,
// Panel.Select("presence", ...) in the panel, and [Env.WaitPresenceAgrees]
// checks that all three agree within a deadline.
//
// # When a test fails
//
// Every helper fails the test with what it waited for and the last state
// it saw; every wait is bounded by [Timeout]. A failed test leaves, for each
// workspace it opened, a screenshot and the panel's support log (what an
// agent downloads for support) in bridge/e2e/failures. VCCNOW_E2E_LOG=1
// prints the servers' logs; VCCNOW_SCREENSHOTS=1 refreshes the README's
// pictures ([Env.SaveDocScreenshot]).
//
// # Programs
//
// The harness takes a [T], which *testing.T satisfies. A program — the
// benchmark in bridge/cmd/bench, or the examples here — uses a [Runner]:
//
//	err := e2e.NewRunner("my-check", nil).Run(func(t e2e.T) {
//		env := e2e.Start(t)
//		...
//	})
//
// A failure ends the function, runs the cleanups (the stack and the
// browser stop) and comes back as the error.
package e2e
