package bridge

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
	"github.com/vccnow/connector/wasm/api"
)

// maxWebhookBody bounds a notification; VCC's are a few hundred bytes.
const maxWebhookBody = 256 << 10

// serveWebhook receives VCC's CloudEvents. It answers within VCC's 10 s:
// the event is verified, stored once (duplicates are acknowledged and
// dropped) and folded into the call's facts; the ServiceNow writes it calls
// for go to the outbox.
func (s *Server) serveWebhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		s.metrics.webhook("", webhookRefused)
		writeErr(w, api.CodeTooLarge, "The notification is too large.")
		return
	}
	if err := vccapi.VerifySignature(r.Header.Get("Vonage-Signature"), body, s.cfg.WebhookSecret, s.now()); err != nil {
		s.log.Warn("webhook refused", "err", err)
		s.metrics.webhook("", webhookRefused)
		writeErr(w, api.CodeUnauthorized, "The notification's signature does not verify.")
		return
	}
	ev, err := vccapi.ParseEvent(body)
	if err != nil {
		// Signed but unusable: redelivery would not help, so it is
		// acknowledged and logged rather than refused.
		s.log.Warn("webhook dropped", "err", err)
		s.metrics.webhook("", webhookDropped)
		w.WriteHeader(http.StatusOK)
		return
	}
	key, at, err := eventKey(ev)
	if err != nil {
		s.log.Warn("webhook dropped", "type", ev.Type, "id", ev.ID, "err", err)
		s.metrics.webhook(ev.Name(), webhookDropped)
		w.WriteHeader(http.StatusOK)
		return
	}
	// A call's event is stored, and its key's pending events and the call
	// read, in one round trip; they are folded in and saved in a second
	// (processCall). An agent's event is stored and its key's pending
	// events read in one round trip too (processEvents).
	vccID := ""
	if id, ok := strings.CutPrefix(key, "call:"); ok {
		vccID = id
	}
	inserted, pending, c, err := s.store.AddEventAndRead(r.Context(), store.Event{Source: ev.Source, ID: ev.ID, Type: ev.Type, Key: key, At: at, Body: body}, vccID)
	if err != nil {
		// Not stored: ask VCC to deliver it again.
		s.log.Error("webhook not stored; VCC will deliver it again", "type", ev.Type, "id", ev.ID, "err", err)
		s.metrics.webhook(ev.Name(), webhookUnstored)
		writeErr(w, api.CodeUnavailable, "The bridge could not store the notification; deliver it again.")
		return
	}
	if inserted {
		s.metrics.webhook(ev.Name(), webhookAccepted)
	} else {
		// VCC delivers again what it did not see acknowledged: the first
		// delivery may have been stored by a process that died before
		// processing it. Its key's pending events (read with the insert;
		// none, usually) are processed now, rather than at the next look
		// for them (processPending).
		s.metrics.webhook(ev.Name(), webhookDuplicate)
	}
	if vccID != "" {
		err = s.processCall(r.Context(), key, pending, c)
	} else {
		err = s.processEvents(r.Context(), key, pending)
	}
	if err != nil {
		s.processFailed()
		s.log.Warn("webhook stored, processing later", "type", ev.Type, "id", ev.ID, "err", err)
	}
	w.WriteHeader(http.StatusOK)
}

// eventKey says which call or agent an event belongs to, and when it
// happened (data.timestamp, or the notification time).
func eventKey(ev vccapi.Event) (string, time.Time, error) {
	var ts struct {
		Timestamp string `json:"timestamp"`
	}
	_ = json.Unmarshal(ev.Data, &ts)
	at, err := vccapi.At(ts.Timestamp)
	if err != nil {
		if at, err = vccapi.At(ev.Time); err != nil {
			return "", time.Time{}, errors.New("no usable timestamp")
		}
	}
	switch {
	case strings.HasPrefix(ev.Name(), "channel."):
		var ch vccapi.ChannelEvent
		if err := json.Unmarshal(ev.Data, &ch); err != nil || ch.Channel.InteractionID == "" {
			return "", at, errors.New("channel event without an interactionId")
		}
		return "call:" + ch.Channel.InteractionID, at, nil
	case ev.Name() == "agent.presencechanged":
		var p vccapi.PresenceEvent
		if err := json.Unmarshal(ev.Data, &p); err != nil || p.User.UserID == "" {
			return "", at, errors.New("presence event without a userId")
		}
		return "agent:" + p.User.UserID, at, nil
	}
	return "", at, errors.New("not an event the bridge uses")
}

// callEvent turns a stored channel notification into a fact about the call.
func callEvent(e store.Event) (calls.Event, bool) {
	ev, err := vccapi.ParseEvent(e.Body)
	if err != nil {
		return calls.Event{}, false
	}
	var ch vccapi.ChannelEvent
	if json.Unmarshal(ev.Data, &ch) != nil {
		return calls.Event{}, false
	}
	// What VCC documents: the channel, its party, the reason of an end.
	// What it does not (the number, queue, direction, transfers, reasons
	// other than "released") is read in one place, vccapi.ReadExtensions,
	// and is there only when a deployment's VCC sends it.
	x := vccapi.ReadExtensions(ev.Data)
	customer := ch.Customer()
	out := calls.Event{ID: e.Source + "/" + e.ID, At: e.At, Direction: x.Direction, Reason: firstNonEmpty(x.Reason, ch.Reason),
		Disposition: x.Disposition, Queue: x.Queue, TransferredFrom: x.TransferredFrom}
	if customer {
		out.From = x.Address
	} else {
		out.Agent = ch.Channel.Party.UserID
	}
	switch name := ev.Name(); {
	case name == "channel.alerted" && customer:
		if x.Direction == "outbound" && x.Queue == "" {
			return out, false // the customer of an outbound call rings; nothing to record
		}
		out.Kind = calls.CustomerQueued
	case name == "channel.alerted":
		out.Kind = calls.AgentAlerted
	case name == "channel.connected" && customer:
		out.Kind = calls.CustomerConnected
	case name == "channel.connected":
		out.Kind = calls.AgentConnected
	case name == "channel.held":
		out.Kind = calls.Held
	case name == "channel.retrieved":
		out.Kind = calls.Retrieved
	case (name == "channel.disconnected" || name == "channel.ended") && customer:
		out.Kind = calls.CustomerDisconnected
	case name == "channel.disconnected" || name == "channel.wrapstarted" || name == "channel.connectionfailed":
		out.Kind = calls.AgentDisconnected
	case name == "channel.ended":
		out.Kind = calls.AgentWrapEnded
	default:
		return out, false
	}
	return out, true
}
