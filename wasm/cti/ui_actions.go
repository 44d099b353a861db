package cti

import (
	"strings"

	"github.com/vccnow/connector/wasm/api"
)

// UI actions: the data-action names the view's controls carry.
const (
	ActSignIn      = "sign-in"
	ActSignOut     = "sign-out"
	ActTakeOver    = "take-over"
	ActCancel      = "cancel-takeover"
	ActPresence    = "presence"    // value: presence id
	ActAnswer      = "answer"      // value: call key
	ActReject      = "reject"      // value: call key
	ActHangup      = "hangup"      // value: call key
	ActHold        = "hold"        // value: call key (toggles)
	ActMute        = "mute"        // value: call key (toggles)
	ActKeypad      = "keypad"      // value: "<call key>|<digit>"
	ActTransfer    = "transfer"    // value: call key (asks to confirm the chosen target)
	ActDisposition = "disposition" // value: "<call key>|<code>"
	ActNotes       = "notes"       // value: "<call key>|<text>"
	ActWrapUp      = "wrapup"      // value: call key
	ActMatch       = "match"       // value: "<call key>|<table>:<sys_id>"
	ActDismiss     = "dismiss"     // clears the error or notice
	ActKey         = "key"         // value: a shortcut such as "alt+a"
	ActSpeaker     = "speaker"     // value: output device id for calls
	ActRinger      = "ringer"      // value: output device id for the ringtone
)

// A transfer is chosen, then asked for, then confirmed: the Transfer list
// only selects.
const (
	ActTransferChoose  = "transfer-choose"  // value: "<call key>|queue:<id>" or "|agent:<id>" ("" for none)
	ActTransferConfirm = "transfer-confirm" // value: call key
	ActTransferCancel  = "transfer-cancel"  // value: call key
	ActTransferTargets = "transfer-targets" // who can take a transfer now is asked again
)

// ActSignOutAfterCall and ActSignOutCancel answer the question Sign out
// asks during a call.
const (
	ActSignOutAfterCall = "sign-out-after-call"
	ActSignOutCancel    = "sign-out-cancel"
)

func (c *Connector) onUI(a UIAction) {
	if a.Action == ActOpenRecord {
		c.openRecord(a.Value) // in this tab's workspace, leading or not
		return
	}
	if !c.leader() {
		c.followerUI(a)
		return
	}
	key, arg, _ := strings.Cut(a.Value, "|")
	call := c.state.call(key)
	if a.Action == ActDisposition || a.Action == ActNotes || a.Action == ActWrapUp {
		call = c.state.wrapUpCall(key) // not the interaction's new offer
	}
	switch a.Action {
	case ActSignIn:
		c.signIn()
	case ActSignOut:
		c.signOut()
	case ActSignOutAfterCall:
		c.signOutAfterCall()
	case ActSignOutCancel:
		c.cancelSignOut()
	case ActTakeOver:
		c.resolveConflict(true)
	case ActCancel:
		c.resolveConflict(false)
	case ActPresence:
		c.setPresence(a.Value, originPanel)
	case ActDismiss:
		c.dismiss(a.Value)
	case ActKey:
		c.shortcut(a.Value)
	case ActTransferTargets:
		c.refreshTransferAgents()
	case ActSpeaker, ActRinger:
		if a.Action == ActSpeaker {
			c.state.Speaker = a.Value
		} else {
			c.state.Ringer = a.Value
		}
		c.p.Media.SetOutput(c.state.Speaker, c.state.Ringer)
	}
	if call == nil {
		return
	}
	switch a.Action {
	case ActAnswer:
		c.accept(call, false)
	case ActReject:
		c.reject(call)
	case ActHangup:
		c.callAction(opHangup, call)
	case ActHold:
		if call.State == CallHeld {
			c.callAction(opResume, call)
		} else if call.State == CallConnected {
			c.callAction(opHold, call)
		}
	case ActMute:
		if call.State == CallConnected || call.State == CallHeld {
			call.Muted = !call.Muted
			c.syncMute()
			c.p.Softphone.Mute(c.request(request{op: opMute, callID: call.ID}), call.ID, call.Muted)
		}
	case ActKeypad:
		if call.State == CallConnected && len(arg) == 1 && strings.ContainsAny(arg, "0123456789*#ABCD") {
			call.DTMF += arg
			if !c.p.Softphone.SendDTMF(call.ID, arg) {
				c.p.Media.SendDTMF(arg) // RFC 4733, in the media
			}
		}
	case ActTransferChoose:
		c.chooseTransfer(call, arg)
	case ActTransfer:
		c.askTransfer(call)
	case ActTransferConfirm:
		c.confirmTransfer(call)
	case ActTransferCancel:
		call.TransferAsk = false
	case ActDisposition:
		call.Disposition = arg
	case ActNotes:
		call.Notes = arg
	case ActWrapUp:
		c.submitWrapUp(call, call.Disposition, call.Notes, "")
	case ActMatch:
		table, sysID, ok := strings.Cut(arg, ":")
		if ok && call.InteractionSysID != "" {
			c.keep(purposeMatch, call.InteractionSysID, api.Match{Table: table, SysID: sysID}, who(*call, ""))
		}
	}
}

// followerUI handles the agent's action in a follower tab: the leader does
// the work, this tab only signs in (its click opens the popup) or takes the
// lead.
func (c *Connector) followerUI(a UIAction) {
	switch {
	case a.Action == ActSignIn:
		c.signIn()
	case a.Action == ActUseHere:
		c.state.Busy = "moving"
		c.p.Tabs.TakeOver()
	case a.Action == ActDismiss:
		// Gone here at once, and from every tab: the leader forgets it.
		c.dismiss(a.Value)
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabCommand, From: c.cfg.ClientID, User: c.state.User, Action: a.Action, Value: a.Value})
	case a.Action == ActPresence:
		// Shown as chosen until the leader's state says how it went.
		c.state.PresenceAsked = a.Value
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabCommand, From: c.cfg.ClientID, User: c.state.User, Action: a.Action, Value: a.Value})
	case a.Action == ActSpeaker:
		c.state.Speaker = a.Value
	case a.Action == ActRinger:
		c.state.Ringer = a.Value
	case forwarded[a.Action]:
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabCommand, From: c.cfg.ClientID, User: c.state.User, Action: a.Action, Value: a.Value})
	}
}

// shortcut maps keyboard shortcuts to the current call's controls:
// Alt+A answer, Alt+R reject, Alt+H hang up, Alt+M mute, Alt+P hold/resume.
func (c *Connector) shortcut(combo string) {
	var target *Call
	for i := range c.state.Calls {
		target = &c.state.Calls[i]
		if target.State == CallRinging || target.State == CallConnected || target.State == CallHeld {
			break
		}
	}
	if target == nil {
		return
	}
	key := firstNonEmpty(target.ID, target.InteractionSysID)
	act := map[string]string{"alt+a": ActAnswer, "alt+r": ActReject, "alt+h": ActHangup, "alt+m": ActMute, "alt+p": ActHold}[strings.ToLower(combo)]
	if act != "" {
		c.onUI(UIAction{Action: act, Value: key})
	}
}
