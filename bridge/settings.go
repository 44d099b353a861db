package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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
