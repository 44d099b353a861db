package cti

import (
	"encoding/json"

	"github.com/vccnow/connector/wasm/api"
)

// What the agent reads when an action fails: what did not happen, why in
// words an agent knows (never a status code, an address or a vendor's own
// text, which go to the support log), what the call is doing now and what to
// do. The handlers keep the panel showing that true state: a failed accept or
// reject leaves the call ringing, a failed hold leaves it connected.

// actionFailed is the message for a call action the softphone service
// refused.
func actionFailed(o op, why RefusalReason) string {
	if why == RefusalNoCall {
		return o.failed() + ": the call had already ended."
	}
	return o.failed() + ": " + refusalWords(o, why) + ". " + o.stillTrue()
}

// failed says what did not happen.
func (o op) failed() string {
	switch o {
	case opAnswer:
		return "The call could not be answered"
	case opReject:
		return "The call could not be rejected"
	case opHangup:
		return "The call could not be hung up"
	case opHold:
		return "The call could not be put on hold"
	case opResume:
		return "The call could not be taken off hold"
	case opMute:
		return "Vonage could not be told of the mute"
	case opTransfer:
		return "The transfer did not go through"
	case opWrapUp:
		return "Wrap-up could not be finished in Vonage"
	case opDial:
		return "The call could not be placed"
	case opOpen:
		return "Signing in to Vonage failed"
	case opOffer:
		return "The audio connection could not be set up"
	case opSignOut:
		return "Signing out of Vonage failed"
	}
	return "Vonage did not do what you asked"
}

// stillTrue says what the call is doing now and what the agent can do.
func (o op) stillTrue() string {
	switch o {
	case opAnswer:
		return "It is still ringing: click Answer to try again."
	case opReject:
		return "It is still ringing: answer it, or click Reject to try again."
	case opHangup:
		return "The caller is still on the line: click Hang up to try again."
	case opHold:
		return "The caller is still connected and can hear you: click Hold to try again."
	case opResume:
		return "The caller is still on hold: click Resume to try again."
	case opMute:
		return "Your microphone is muted in this panel all the same."
	case opTransfer:
		return "The caller is still with you: try again, or choose another target."
	case opWrapUp:
		return "Click Finish wrap-up to try again."
	case opDial:
		return "Click the number to try again."
	case opOpen:
		return "Click Sign in to try again."
	case opOffer:
		return "The panel keeps trying; if calls don't connect, reload the panel."
	}
	return "Try again."
}

// refusalWords says why the softphone service refused.
func refusalWords(o op, why RefusalReason) string {
	switch why {
	case RefusalInvalidState:
		return "Vonage can't do that with the call as it is now"
	case RefusalNotReady:
		return "your phone connection to Vonage is not ready"
	case RefusalBadRequest:
		if o == opTransfer {
			return "Vonage does not know that queue or agent"
		}
		return "Vonage did not understand the request"
	case RefusalUnauthorized, RefusalResumeFailed:
		return "your Vonage session has expired"
	}
	return "Vonage had a problem"
}

// bridgeError is the bridge's refusal as the panel acts on it: its code
// (api.Code...) and, for the log, its message.
type bridgeError struct {
	status  int
	code    string
	message string
}

// readBridgeError reads a failed bridge answer. A request that got no
// answer at all has status 0 and code api.CodeUnavailable.
func readBridgeError(r BridgeResult) bridgeError {
	if r.Err != nil {
		return bridgeError{code: api.CodeUnavailable, message: r.Err.Error()}
	}
	var e api.Error
	_ = json.Unmarshal(r.Body, &e)
	b := bridgeError{status: r.Status, code: e.Error.Code, message: e.Error.Message}
	if b.code == "" {
		// Not the bridge's JSON: a proxy's page or the like.
		switch {
		case r.Status == 401:
			b.code = api.CodeUnauthorized
		case r.Status == 404:
			b.code = api.CodeNotFound
		case r.Status == 429:
			b.code = api.CodeRateLimited
		default:
			b.code = api.CodeUnavailable
		}
	}
	return b
}

// words says why the bridge (or ServiceNow behind it) did not do it.
func (b bridgeError) words() string {
	switch b.code {
	case api.CodeUnauthorized:
		return "your sign-in to Vonage has expired"
	case api.CodeAccountMismatch, api.CodeForbidden:
		return "your account may not take calls in this ServiceNow instance"
	case api.CodeNotYourCall:
		return "ServiceNow has the call as another agent's"
	case api.CodeNotFound:
		return "ServiceNow does not know this call yet"
	case api.CodeConflict:
		return "ServiceNow did not take it"
	case api.CodeRateLimited:
		return "ServiceNow is too busy right now"
	case api.CodeBadRequest, api.CodeTooLarge:
		return "the panel sent something ServiceNow could not take"
	}
	return "ServiceNow could not be reached"
}

// presenceRefused is the problem of a status the bridge did not set: asked
// is the one the agent chose, still the one they keep (id and name). A
// bridge that did not answer at all is the cause of its own (it lasts until
// the bridge answers); any other refusal lasts until the status changes.
func presenceRefused(e bridgeError, asked Presence, stillID, still string) (cause, text string) {
	what := "Your status was not changed to " + firstNonEmpty(asked.Description, "the one you chose")
	keep := ". You are still " + firstNonEmpty(still, "as you were")
	if e.status == 0 && e.code == api.CodeUnavailable {
		return causeBridge, what + ": the panel can't reach ServiceNow right now" + keep + ". Choose it again once the connection is back."
	}
	var why string
	switch e.code {
	case api.CodeUnauthorized:
		why = "your sign-in to Vonage has expired"
	case api.CodeRateLimited:
		why = "Vonage Contact Center is too busy right now"
	case api.CodeUnavailable:
		why = "Vonage Contact Center could not be reached"
	default:
		why = "Vonage Contact Center did not take it"
	}
	return causePresence(stillID), what + ": " + why + keep + ". Try again in a moment."
}
