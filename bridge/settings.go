package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/wasm/api"
)

// The bridge's settings files (the native -rules and -presence, the
// Worker's VCCNOW_RULES and VCCNOW_PRESENCE) are JSON read strictly: an
// unknown field is an error, as is anything the settings' own checks refuse,
// and every error names what is wrong.

// ParseRules reads the per-queue rules (records.Rules: kind, awaQueue,
// unknownCaller, callers, createCase, resolveCase, createRequest,
// workspaceWrapUp, dispositions), then their own checks
// (records.Rules.Checked).
func ParseRules(data []byte) (records.Rules, error) {
	var r records.Rules
	if err := decodeSetting("rules", data, &r); err != nil {
		return records.Rules{}, err
	}
	return r.Checked()
}

// ParsePresence reads a presence mapping: {"toAWA": {...}, "toVCC": {...},
// "colors": {...}}.
func ParsePresence(data []byte) (api.PresenceMap, error) {
	var m api.PresenceMap
	if err := decodeSetting("presence mapping", data, &m); err != nil {
		return api.PresenceMap{}, err
	}
	if err := m.Check(); err != nil {
		return api.PresenceMap{}, err
	}
	return m, nil
}

// decodeSetting decodes one JSON value into v, refusing unknown fields.
func decodeSetting(what string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if dec.More() {
		return errors.New(what + ": more than one JSON value")
	}
	return nil
}

// MinRetention is the shortest retention ParseRetention accepts: VCC
// redelivers a webhook for up to 24 hours, and an event purged before its
// last redelivery would be taken for a new one.
const MinRetention = 48 * time.Hour

// ParseRetention reads how long the bridge keeps what it no longer needs
// (processed events, settled calls, finished ops): a number of days ("30d")
// or a Go duration ("720h"), at least MinRetention.
func ParseRetention(text string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(text, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("retention %q: write a number of days (30d) or a duration (720h)", text)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(text); err != nil {
			return 0, fmt.Errorf("retention %q: write a number of days (30d) or a duration (720h)", text)
		}
	}
	if d < MinRetention {
		return 0, fmt.Errorf("retention %q: at least 2 days (VCC redelivers webhooks for 24 hours)", text)
	}
	return d, nil
}
