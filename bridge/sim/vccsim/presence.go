//go:build !js

package vccsim

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Origins of a presence change: who asked for it. They travel to
// onPresence subscribers so that each side can drop its own echoes.
const (
	OriginAgent      = "agent"      // the agent, in the softphone
	OriginAPI        = "api"        // PATCH /agents/{userId}/presence
	OriginSupervisor = "supervisor" // a supervisor (control API)
	OriginSystem     = "system"     // the simulator itself (sign-out, session end)
)

// Errors from setPresence.
var (
	errUnknownUser     = errors.New("no such user")
	errUnknownPresence = errors.New("no such presence in the user's account")
	errBadOrigin       = errors.New("unknown presence change origin")
)

// presenceBook is every user's current presence. All users start Logged Out.
type presenceBook struct {
	// setMu serializes changes and their notifications, so subscribers see
	// changes in order. Subscribers run with it held: they must not call
	// setPresence themselves (start a goroutine if they must).
	setMu sync.Mutex

	mu     sync.Mutex // guards the fields below
	state  map[string]presenceState
	subs   map[int]func(userID string, p vccproto.Presence, origin string)
	nextID int
}

type presenceState struct {
	def     vccproto.Presence
	updated time.Time
}

func newPresenceBook(sd *seed, now time.Time) *presenceBook {
	b := &presenceBook{state: map[string]presenceState{}, subs: map[int]func(string, vccproto.Presence, string){}}
	for _, u := range sd.users {
		for _, a := range sd.accounts {
			if a.ID == u.AccountID {
				b.state[u.ID] = presenceState{def: firstOfCategory(a.Presences, vccproto.CategoryLoggedOut), updated: now}
			}
		}
	}
	return b
}

func firstOfCategory(defs []vccproto.Presence, category string) vccproto.Presence {
	for _, p := range defs {
		if p.Category.CategoryType == category {
			return p
		}
	}
	return vccproto.Presence{}
}

// presenceOf is a user's current presence; the zero Presence for an unknown
// user.
func (s *Server) presenceOf(userID string) vccproto.Presence {
	p, _ := s.presenceRecord(userID)
	return p
}

// presenceRecord is a user's presence and when it last changed.
func (s *Server) presenceRecord(userID string) (vccproto.Presence, time.Time) {
	b := s.presence
	b.mu.Lock()
	defer b.mu.Unlock()
	st := b.state[strings.ToLower(userID)]
	return st.def, st.updated
}

// presenceDefinitions are the primary account's presence definitions.
func (s *Server) presenceDefinitions() []vccproto.Presence {
	return append([]vccproto.Presence(nil), s.seed.accounts[0].Presences...)
}

// findPresence looks a presence definition of an account up by GUID or by
// description ("Break"), case-insensitively.
func (s *Server) findPresence(accountID, idOrName string) (vccproto.Presence, bool) {
	acc, ok := s.accountByID(accountID)
	if !ok {
		return vccproto.Presence{}, false
	}
	for _, p := range acc.Presences {
		if strings.EqualFold(p.PresenceID, idOrName) || strings.EqualFold(p.Description, idOrName) {
			return p, true
		}
	}
	return vccproto.Presence{}, false
}

// setPresence changes a user's presence to the definition presenceID, on
// behalf of origin (OriginAgent, OriginAPI, OriginSupervisor, OriginSystem).
// Only a real change publishes agent.presencechanged.v1 ("agent.presence
// changed.v0": the event marks a change, never a selection of the current
// presence) and notifies the onPresence subscribers, which tell the agent's
// softphone session; setting the current presence again returns it
// unchanged. Any presence may be set whatever the agent's softphone: an
// agent may be Ready without a connected softphone, and VCC then
// auto-rejects the calls offered to them (autoreject.go).
//
// Errors: errUnknownUser, errUnknownPresence, errBadOrigin.
func (s *Server) setPresence(userID, presenceID, origin string) (vccproto.Presence, error) {
	switch origin {
	case OriginAgent, OriginAPI, OriginSupervisor, OriginSystem:
	default:
		return vccproto.Presence{}, fmt.Errorf("%w %q", errBadOrigin, origin)
	}
	u, ok := s.userByID(userID)
	if !ok {
		return vccproto.Presence{}, errUnknownUser
	}
	def, ok := s.findPresence(u.AccountID, presenceID)
	if !ok || !strings.EqualFold(def.PresenceID, presenceID) {
		return vccproto.Presence{}, fmt.Errorf("%w: %q", errUnknownPresence, presenceID)
	}

	b := s.presence
	b.setMu.Lock()
	defer b.setMu.Unlock()
	now := s.now()
	b.mu.Lock()
	if b.state[u.ID].def.PresenceID == def.PresenceID {
		b.mu.Unlock()
		return def, nil
	}
	b.state[u.ID] = presenceState{def: def, updated: now}
	subs := make([]func(string, vccproto.Presence, string), 0, len(b.subs))
	for _, f := range b.subs {
		subs = append(subs, f)
	}
	b.mu.Unlock()

	s.log.Printf("presence: %s is %s (%s)", u.UserName, def.Description, origin)
	s.publishFor(u.AccountID, "agent.presencechanged.v1", agentSubject(u), presenceChangedData(u, def, now))
	for _, f := range subs {
		f(u.ID, def, origin)
	}
	return def, nil
}

// onPresence subscribes f to presence changes; cancel unsubscribes. f runs in
// the changing goroutine, in order of changes, and must not call setPresence
// synchronously.
func (s *Server) onPresence(f func(userID string, p vccproto.Presence, origin string)) (cancel func()) {
	b := s.presence
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.nextID
	b.nextID++
	b.subs[id] = f
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, id)
	}
}

// agentSubject is the CloudEvent subject of an agent event: the agent
// display id (VCC's examples), or the user id for users without one.
func agentSubject(u *User) string {
	if u.AgentID != "" {
		return u.AgentID
	}
	return u.ID
}
