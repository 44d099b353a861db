package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vccnow/connector/wasm/api"
)

// ParsePresence reads a presence mapping from JSON (the bridge's -presence
// file, the Worker's VCCNOW_PRESENCE): {"toAWA": {...}, "toVCC": {...},
// "colors": {...}}. Unknown fields and incomplete mappings are errors that
// say what is wrong.
func ParsePresence(data []byte) (api.PresenceMap, error) {
	var m api.PresenceMap
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return api.PresenceMap{}, fmt.Errorf("presence mapping: %w", err)
	}
	if dec.More() {
		return api.PresenceMap{}, errors.New("presence mapping: more than one JSON value")
	}
	if err := m.Check(); err != nil {
		return api.PresenceMap{}, err
	}
	return m, nil
}
