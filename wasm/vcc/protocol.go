// Package vcc is the connector's side of Vonage Contact Center: the softphone
// signaling protocol (this file and messages.go), PKCE sign-in (pkce.go) and
// the presence vocabulary. It is pure Go, shared by the connector and by the
// VCC simulator that plays the other end, and tested natively.
//
// # Softphone signaling, version 1
//
// VCC does not publish ContactPad's WebRTC signaling, so this protocol is our
// own choice, kept behind this one package. The panel opens a WebSocket to
// {VCC API base}/softphone/v1 and exchanges JSON envelopes
//
//	{"v":1, "type":"<type>", "id":"<request id>", "data":{...}}
//
// The client's first message is "hello" with the agent's VCC access token
// (never in the URL, so it stays out of access logs). The server answers
// "welcome" (the session, its resume token, presence, definitions, calls) or
// "conflict" when the user already has a live session elsewhere: the client
// then asks the agent and sends hello again with takeover=true, or closes.
// A taken-over session receives "ended" with reason "taken_over".
//
// Requests carry a client-chosen id; the server answers each with "ack" or
// "error" carrying the same id. Server-initiated updates ("call", "presence",
// "ended", "answer", "candidate") have no id.
//
// Media: the client holds one RTCPeerConnection per session (a persistent
// connection), offered by the client ("offer"), answered by the server
// ("answer"), candidates trickled both ways ("candidate"). Calls are switched
// onto this connection by the server, so accepting a call needs no new
// negotiation. After a reload the client sends hello with its resume token
// and a fresh offer; the server keeps the caller's leg parked meanwhile.
// DTMF travels in the media as RFC 4733 telephone-events.
package vcc

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Version is the protocol version this package speaks.
const Version = 1

// Path is where the signaling WebSocket lives under the VCC API base URL.
const Path = "/softphone/v1"

// MaxMessage bounds one envelope; larger ones are refused unread.
const MaxMessage = 64 << 10

// Message types.
const (
	// Client to server.
	TypeHello    = "hello"    // Hello
	TypeOffer    = "offer"    // SDP
	TypePresence = "presence" // SetPresence
	TypeAnswer   = "answer"   // CallRef (answer a ringing call); from the server: SDP
	TypeReject   = "reject"   // CallRef
	TypeHangup   = "hangup"   // CallRef
	TypeHold     = "hold"     // CallRef
	TypeResume   = "resume"   // CallRef
	TypeTransfer = "transfer" // Transfer
	TypeMute     = "mute"     // Mute: the agent's microphone is muted or not (the media keeps flowing)
	TypeWrapUp   = "wrapup"   // WrapUp: ends wrap-up with a disposition
	TypeDial     = "dial"     // Dial: click-to-dial
	TypeSignOut  = "signout"  // ends the session
	TypePing     = "ping"

	// Both ways.
	TypeCandidate = "candidate" // Candidate

	// Server to client.
	TypeWelcome  = "welcome"  // Welcome
	TypeConflict = "conflict" // Conflict
	TypeEnded    = "ended"    // Ended
	TypeCall     = "call"     // Call (an update)
	TypeAck      = "ack"      // Ack
	TypeError    = "error"    // Error
	TypePong     = "pong"
)

// Envelope is one signaling message.
type Envelope struct {
	V    int             `json:"v"`
	Type string          `json:"type"`
	ID   string          `json:"id,omitempty"`
	Data json.RawMessage `json:"data,omitempty"`
}

// Errors from Decode.
var (
	ErrTooLarge    = errors.New("vcc: message too large")
	ErrBadEnvelope = errors.New("vcc: malformed message")
	ErrVersion     = errors.New("vcc: unsupported protocol version")
)

// Encode builds an envelope; data may be nil.
func Encode(typ, id string, data any) ([]byte, error) {
	env := Envelope{V: Version, Type: typ, ID: id}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return nil, fmt.Errorf("vcc: encode %s: %w", typ, err)
		}
		env.Data = b
	}
	return json.Marshal(env)
}

// Decode parses and checks an envelope; the payload stays raw until Into.
func Decode(b []byte) (Envelope, error) {
	var env Envelope
	if len(b) > MaxMessage {
		return env, ErrTooLarge
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return env, fmt.Errorf("%w: %v", ErrBadEnvelope, err)
	}
	if env.V != Version {
		return env, fmt.Errorf("%w: %d", ErrVersion, env.V)
	}
	if env.Type == "" {
		return env, fmt.Errorf("%w: no type", ErrBadEnvelope)
	}
	return env, nil
}

// Into decodes the payload into v and validates it when v has a Validate
// method.
func (e Envelope) Into(v any) error {
	if len(e.Data) == 0 {
		return fmt.Errorf("%w: %s without data", ErrBadEnvelope, e.Type)
	}
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBadEnvelope, e.Type, err)
	}
	if val, ok := v.(interface{ Validate() error }); ok {
		if err := val.Validate(); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrBadEnvelope, e.Type, err)
		}
	}
	return nil
}
