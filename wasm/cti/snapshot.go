package cti

import (
	"encoding/json"
	"errors"
	"time"
)

// Snapshot is what a tab writes to sessionStorage on every change, so that a
// reload paints the panel at once and resumes the session without signing in.
type Snapshot struct {
	V        int         `json:"v"`
	Instance string      `json:"instance"`
	SavedAt  time.Time   `json:"savedAt"`
	Session  SessionData `json:"session"`
	State    State       `json:"state"`
	// Browser names this browser as the core tells VCC (Config.Browser):
	// the loader's early hello says it too.
	Browser string `json:"browser,omitempty"`
}

// Snapshots keep the tab's snapshot (sessionStorage).
type Snapshots interface {
	Save(b []byte)
}

// Restore hands the core the snapshot found at load; Ms is when (ms since
// navigation start).
type Restore struct {
	Snapshot []byte
	Ms       float64
}

func (Restore) isInput() {}

// snapshotMaxAge bounds how old a snapshot may be to be used: past VCC's
// resume window the session is gone anyway.
const snapshotMaxAge = 10 * time.Minute

// DecodeSnapshot parses and checks a snapshot for this instance at now.
func DecodeSnapshot(b []byte, instance string, now time.Time) (Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return s, errors.Join(ErrSnapshot, err)
	}
	switch {
	case s.V != TabVersion:
		return s, errors.Join(ErrSnapshot, errors.New("version"))
	case instance != "" && s.Instance != instance:
		return s, errors.Join(ErrSnapshot, errors.New("another instance"))
	case now.Sub(s.SavedAt) > snapshotMaxAge || s.SavedAt.After(now.Add(time.Minute)):
		return s, errors.Join(ErrSnapshot, errors.New("too old"))
	case s.State.SignedIn && (s.Session.Resume == "" || s.Session.Access == "" || s.Session.User != s.State.User):
		return s, errors.Join(ErrSnapshot, errors.New("session does not match the state"))
	}
	if err := s.State.validate(); err != nil {
		return s, errors.Join(ErrSnapshot, err)
	}
	return s, nil
}
