package vccapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Webhook signature errors; each means "answer 401 and keep nothing".
var (
	ErrNoSignature    = errors.New("vcc webhook: no Vonage-Signature header")
	ErrBadSignature   = errors.New("vcc webhook: signature does not verify")
	ErrExpired        = errors.New("vcc webhook: signature expired")
	ErrPayloadChanged = errors.New("vcc webhook: payload_hash does not match the body")
)

// Webhook signature limits. VCC signs each delivery with exp = iat + 5
// minutes; a signature that claims to live longer would let a captured
// delivery be replayed for as long as it says.
const (
	// webhookLeeway is the clock difference allowed between VCC and the
	// bridge on exp, nbf and iat.
	webhookLeeway = 60 * time.Second
	// webhookMaxLifetime bounds exp - iat.
	webhookMaxLifetime = 10 * time.Minute
)

// VerifySignature checks a notification the way VCC signs it: the
// Vonage-Signature header holds "Bearer <JWT>", an HS256 JWT keyed with the
// subscription secret's base64-decoded bytes, whose payload_hash claim is the
// hex SHA-256 of the exact body, issued (iat) and valid 5 minutes (exp). The
// bridge requires iat and exp, at most 10 minutes apart, iat no more than a
// minute ahead of its clock. now is the clock.
// (VCC: "Verifying and responding to a signed webhook notification".)
func VerifySignature(header string, body []byte, secretBase64 string, now time.Time) error {
	raw := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(header), "Bearer"))
	if raw == "" {
		return ErrNoSignature
	}
	key, err := base64.StdEncoding.DecodeString(secretBase64)
	if err != nil {
		return fmt.Errorf("vcc webhook: the configured secret is not base64: %w", err)
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	var claims struct {
		jwt.Claims
		PayloadHash string `json:"payload_hash"`
	}
	if err := tok.Claims(key, &claims); err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	switch {
	case claims.Expiry == nil:
		return fmt.Errorf("%w: no exp", ErrBadSignature)
	case claims.IssuedAt == nil:
		return fmt.Errorf("%w: no iat", ErrBadSignature)
	}
	if life := claims.Expiry.Time().Sub(claims.IssuedAt.Time()); life > webhookMaxLifetime {
		return fmt.Errorf("%w: valid for %v, more than %v", ErrBadSignature, life, webhookMaxLifetime)
	}
	if err := claims.ValidateWithLeeway(jwt.Expected{Time: now}, webhookLeeway); err != nil {
		return fmt.Errorf("%w: %v", ErrExpired, err)
	}
	sum := sha256.Sum256(body)
	want := hex.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(strings.ToLower(claims.PayloadHash)), []byte(want)) != 1 {
		return ErrPayloadChanged
	}
	return nil
}

// Event is a VCC CloudEvent notification.
type Event struct {
	SpecVersion string          `json:"specversion"`
	Type        string          `json:"type"`
	ID          string          `json:"id"`
	Source      string          `json:"source"`
	Subject     string          `json:"subject"`
	Time        string          `json:"time"`
	Data        json.RawMessage `json:"data"`
}

// ErrBadEvent marks a notification that is not a usable CloudEvent.
var ErrBadEvent = errors.New("vcc webhook: not a usable CloudEvent")

// ParseEvent decodes and checks a notification body.
func ParseEvent(body []byte) (Event, error) {
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		return e, fmt.Errorf("%w: %v", ErrBadEvent, err)
	}
	switch {
	case e.SpecVersion != "1.0":
		return e, fmt.Errorf("%w: specversion %q", ErrBadEvent, e.SpecVersion)
	case e.ID == "" || e.Source == "" || e.Type == "":
		return e, fmt.Errorf("%w: id, source and type are required", ErrBadEvent)
	case len(e.Data) == 0:
		return e, fmt.Errorf("%w: no data", ErrBadEvent)
	}
	return e, nil
}

// Name is the event type without its version ("channel.connected").
func (e Event) Name() string {
	if i := strings.LastIndex(e.Type, ".v"); i > 0 {
		return e.Type[:i]
	}
	return e.Type
}

// ChannelEvent is the data of channel.* events, as VCC documents it
// ("channel.alerted.v1" and its siblings): the channel's conversation,
// interaction and channel ids, and its party (role, agentId, userId). Only an
// agent's party carries a userId: a channel whose party has none is the
// customer's (the role's value for a customer is not documented, so it is
// not read). channel.ended and channel.connectionfailed add a reason
// ("released"). What VCC does not document lives apart, in Extensions.
type ChannelEvent struct {
	Timestamp string `json:"timestamp"`
	Channel   struct {
		ConversationID string `json:"conversationId"`
		InteractionID  string `json:"interactionId"`
		ChannelID      string `json:"channelId"`
		Party          struct {
			Role    string `json:"role"`
			AgentID string `json:"agentId"`
			UserID  string `json:"userId"`
		} `json:"party"`
	} `json:"channel"`
	Reason string `json:"reason"`
}

// Customer reports whether the event is about the customer's channel.
func (e ChannelEvent) Customer() bool { return e.Channel.Party.UserID == "" }

// PresenceEvent is the data of agent.presencechanged.
type PresenceEvent struct {
	Timestamp string `json:"timestamp"`
	Presence  struct {
		PresenceID string `json:"presenceId"`
		Category   struct {
			Type        string `json:"type"`
			Description string `json:"description"`
			SubCategory string `json:"subcategory"`
		} `json:"category"`
		Description string `json:"description"`
	} `json:"presence"`
	User struct {
		AgentID string `json:"agentId"`
		UserID  string `json:"userId"`
	} `json:"user"`
}

// At parses a VCC timestamp (RFC 3339 with up to 9 fractional digits).
func At(ts string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, ts)
}
