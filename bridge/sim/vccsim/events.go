//go:build !js

package vccsim

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"math/big"
	"strings"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// CloudEvent is one VCC webhook notification: a CloudEvents 1.0 event in
// structured JSON mode (https://github.com/cloudevents/spec), delivered with
// Content-Type application/cloudevents+json. VCC's documented properties:
// type "<entity>.<event>.v<N>", id a KSUID, source "/agent" or "/channel",
// subject the agent id (agent events) or the channel id (channel events),
// time in UTC with 7 fractional digits, data with its own "timestamp" (when
// the event happened).
type CloudEvent struct {
	SpecVersion     string          `json:"specversion"`
	Type            string          `json:"type"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Subject         string          `json:"subject"`
	Time            string          `json:"time"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

// eventTimeFormat is VCC's timestamp format: UTC, 7 fractional digits.
const eventTimeFormat = "2006-01-02T15:04:05.0000000Z"

func eventTime(t time.Time) string { return t.UTC().Format(eventTimeFormat) }

// ChannelData is the data of every channel.* event. VCC documents
// data.timestamp, data.channel {conversationId, interactionId, channelId,
// party {role, agentId, userId}} and data.reason (channel.ended,
// channel.connectionfailed), e.g. "channel.alerted.v1",
// https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/4285857921. The
// customer's channel has party.role "customer" (assumed) and no agentId or
// userId. The other fields are the extensions (extensions.go), empty and
// left out unless Config.WebhookExtensions is on.
type ChannelData struct {
	// Timestamp is set by publish when left empty.
	Timestamp   string      `json:"timestamp,omitempty"`
	Channel     ChannelInfo `json:"channel"`
	Reason      string      `json:"reason,omitempty"`
	Disposition string      `json:"disposition,omitempty"`
}

// ChannelInfo is data.channel of a channel event.
type ChannelInfo struct {
	ConversationID  string    `json:"conversationId"`
	InteractionID   string    `json:"interactionId"`
	ChannelID       string    `json:"channelId"`
	Party           Party     `json:"party"`
	Queue           *QueueRef `json:"queue,omitempty"`
	Direction       string    `json:"direction,omitempty"`
	TransferredFrom *AgentRef `json:"transferredFrom,omitempty"`
	TargetAgent     *AgentRef `json:"targetAgent,omitempty"`
}

// Party is the participant a channel belongs to.
type Party struct {
	Role    string `json:"role"` // "agent" or "customer"
	AgentID string `json:"agentId,omitempty"`
	UserID  string `json:"userId,omitempty"`
	Address string `json:"address,omitempty"` // E.164, customers only (extension)
}

// QueueRef names a queue in an event.
type QueueRef struct {
	QueueID string `json:"queueId"`
	Name    string `json:"name"`
}

// AgentRef names an agent in an event.
type AgentRef struct {
	AgentID string `json:"agentId"`
	UserID  string `json:"userId"`
}

// Channel end reasons (data.reason): VCC documents "released"; the others
// are extensions.
const (
	ReasonReleased    = "released"
	ReasonAbandoned   = "abandoned"
	ReasonTransferred = "transferred"
	ReasonFailed      = "failed"
)

// publish sends an event of the primary account to every enabled webhook
// subscription that matches its type. eventType is a v1 name such as
// "channel.alerted.v1"; subscribers of the v0 name get the same data as a v0
// event. data is marshalled to JSON; a JSON object without "timestamp" gets
// one (now). Delivery is asynchronous: publish never blocks on a receiver.
func (s *Server) publish(eventType, subject string, data any) {
	s.publishFor(s.seed.accounts[0].ID, eventType, subject, data)
}

// publishFor is publish for the account accountID.
func (s *Server) publishFor(accountID, eventType, subject string, data any) {
	base, ok := eventBase(eventType)
	if !ok {
		s.log.Printf("webhooks: not publishing unknown event type %q", eventType)
		return
	}
	now := s.now()
	body, err := withTimestamp(data, now)
	if err != nil {
		s.log.Printf("webhooks: %s data does not marshal: %v", eventType, err)
		return
	}
	source := "/" + base[:strings.IndexByte(base, '.')]
	for _, version := range []string{".v1", ".v0"} {
		s.hooks.enqueue(accountID, CloudEvent{
			SpecVersion:     "1.0",
			Type:            base + version,
			ID:              newKSUID(now),
			Source:          source,
			Subject:         subject,
			Time:            eventTime(now),
			DataContentType: "application/json",
			Data:            body,
		})
	}
}

// withTimestamp marshals data and, when it is a JSON object without a
// "timestamp" member, adds one.
func withTimestamp(data any, now time.Time) (json.RawMessage, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		return b, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	if _, ok := obj["timestamp"]; ok {
		return b, nil
	}
	obj["timestamp"], _ = json.Marshal(eventTime(now))
	return json.Marshal(obj)
}

// presenceChangedData is agent.presencechanged's data. The webhook spells
// the category in lower camel case (category.type "ready", subcategory),
// unlike the Agents API (categoryType "Ready", subCategory).
func presenceChangedData(u *User, p vccproto.Presence, at time.Time) map[string]any {
	return map[string]any{
		"timestamp": eventTime(at),
		"presence": map[string]any{
			"presenceId": p.PresenceID,
			"category": map[string]string{
				"type":        lowerCamel(p.Category.CategoryType),
				"description": p.Category.Description,
				"subcategory": lowerCamel(p.Category.SubCategory),
			},
			"description": p.Description,
		},
		"user": map[string]string{"agentId": u.AgentID, "userId": u.ID},
	}
}

func lowerCamel(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// ksuidEpoch is the KSUID epoch (2014-05-13T16:53:20Z) in Unix seconds.
const ksuidEpoch = 1400000000

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newKSUID returns a KSUID (https://github.com/segmentio/ksuid): 4 bytes of
// seconds since the KSUID epoch and 16 random bytes, in 27 base-62 digits,
// the form of VCC's event and subscription ids.
func newKSUID(t time.Time) string {
	var b [20]byte
	binary.BigEndian.PutUint32(b[:4], uint32(t.Unix()-ksuidEpoch))
	_, _ = rand.Read(b[4:])
	n := new(big.Int).SetBytes(b[:])
	out := make([]byte, 27)
	sixtyTwo, digit := big.NewInt(62), new(big.Int)
	for i := len(out) - 1; i >= 0; i-- {
		n.DivMod(n, sixtyTwo, digit)
		out[i] = base62[digit.Int64()]
	}
	return string(out)
}

// isKSUID reports whether s has a KSUID's form.
func isKSUID(s string) bool {
	if len(s) != 27 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(base62, s[i]) < 0 {
			return false
		}
	}
	return true
}
