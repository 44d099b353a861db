package snsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Feed is the workspace's event feed, the simulator's stand-in for
// ServiceNow's Asynchronous Message Bus (AMB): each signed-in workspace page
// subscribes to its user's events — work items offered, accepted, rejected
// or withdrawn, presence changes, records assigned to the user that changed,
// wrap-ups waiting — and forwards the OpenFrame ones to its panel.
//
// Publishing never blocks: each subscriber has a bounded buffer, and one
// that falls behind (a slow or frozen page) is dropped; its stream ends, the
// page reconnects and starts again from a fresh snapshot.
type Feed struct {
	mu     sync.Mutex
	subs   map[string]map[*feedSub]struct{} // user sys_id -> subscribers
	closed bool
}

// feedBuffer is how many events a subscriber may have unread before it is
// dropped.
const feedBuffer = 64

// feedSub is one subscriber. done is closed when it is dropped or the feed
// closes.
type feedSub struct {
	user   string
	events chan FeedEvent
	done   chan struct{}
}

// FeedEvent is one message to a workspace page. Type names it; the other
// fields are set as the type needs.
type FeedEvent struct {
	Type string `json:"type"` // snapshot, offer, closed, presence, record, wrapups, wrapup_submitted
	// Snapshot is the page's whole state, first on every stream.
	Snapshot *FeedSnapshot `json:"snapshot,omitempty"`
	// Offer is a new inbox card.
	Offer *OfferCard `json:"offer,omitempty"`
	// Closed is the sys_id of a work item whose card goes away.
	Closed string `json:"closed,omitempty"`
	// Presence is the user's presence now.
	Presence *Presence `json:"presence,omitempty"`
	// Record is a record assigned to the user (before or after the change).
	Record *WorkspaceRecord `json:"record,omitempty"`
	// WrapUps are the open wrap-up segments waiting for the user's
	// submission (workspace_wrapup.go).
	WrapUps []WrapUpCard `json:"wrapUps,omitempty"`
	// Panel, when set, is forwarded to the OpenFrame panel as is.
	Panel *PanelMessage `json:"panel,omitempty"`
}

// FeedSnapshot is a workspace page's state when its stream starts.
type FeedSnapshot struct {
	Presence Presence     `json:"presence"`
	Offers   []OfferCard  `json:"offers"`
	WrapUps  []WrapUpCard `json:"wrapUps"`
}

// PanelMessage is an OpenFrame event the TopFrame sends to the panel.
type PanelMessage struct {
	EventName string `json:"eventName"`
	Args      any    `json:"args"`
}

// NewFeed returns a feed without subscribers.
func NewFeed() *Feed { return &Feed{subs: map[string]map[*feedSub]struct{}{}} }

// subscribe adds a subscriber for user's events.
func (f *Feed) subscribe(user string) *feedSub {
	s := &feedSub{user: user, events: make(chan FeedEvent, feedBuffer), done: make(chan struct{})}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		close(s.done)
		return s
	}
	if f.subs[user] == nil {
		f.subs[user] = map[*feedSub]struct{}{}
	}
	f.subs[user][s] = struct{}{}
	return s
}

// unsubscribe removes a subscriber (again is harmless).
func (f *Feed) unsubscribe(s *feedSub) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dropLocked(s)
}

func (f *Feed) dropLocked(s *feedSub) {
	if _, ok := f.subs[s.user][s]; !ok {
		return
	}
	delete(f.subs[s.user], s)
	if len(f.subs[s.user]) == 0 {
		delete(f.subs, s.user)
	}
	close(s.done)
}

// Watching reports whether any page follows user's events, so publishers
// can skip building events nobody reads.
func (f *Feed) Watching(user string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs[user]) > 0
}

// Publish sends ev to every page of user without waiting; a page whose
// buffer is full is dropped.
func (f *Feed) Publish(user string, ev FeedEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs[user] {
		select {
		case s.events <- ev:
		default:
			f.dropLocked(s)
		}
	}
}

// dropAll ends every stream; the pages reconnect and start from a fresh
// snapshot.
func (f *Feed) dropAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dropAllLocked()
}

func (f *Feed) dropAllLocked() {
	for _, subs := range f.subs {
		for s := range subs {
			f.dropLocked(s)
		}
	}
}

// Close ends every stream; later subscribers end at once.
func (f *Feed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.dropAllLocked()
}

// feedKeepAlive is how often an idle stream sends a comment line, so the
// page notices a dead connection.
const feedKeepAlive = 20 * time.Second

// serveFeed streams the signed-in user's events as Server-Sent Events
// (text/event-stream: "event: <type>" and "data: <FeedEvent JSON>"). The
// page reads it with fetch rather than EventSource so that its session
// token travels in the X-UserToken header, never in a URL. The first event
// is a snapshot; the stream lasts until the page goes away, falls behind, or
// the simulator stops.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authUser(w, r)
	if !ok {
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "Streaming unsupported", "this server cannot stream the event feed")
		return
	}
	var sub *feedSub
	var snap FeedSnapshot
	err := s.awa.do(func() error {
		// Subscribing and reading the state in one engine step means no
		// event is missed or applied twice.
		sub = s.feed.subscribe(user["sys_id"])
		snap = s.awa.snapshot(user["sys_id"])
		return nil
	})
	if err != nil {
		writeAWAError(w, err)
		return
	}
	defer s.feed.unsubscribe(sub)

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(ev FeedEvent) bool {
		b, err := json.Marshal(ev)
		if err != nil {
			return false
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	if !send(FeedEvent{Type: "snapshot", Snapshot: &snap}) {
		return
	}
	keepAlive := time.NewTicker(feedKeepAlive)
	defer keepAlive.Stop()
	for {
		select {
		case ev := <-sub.events:
			if !send(ev) {
				return
			}
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-sub.done:
			return
		case <-r.Context().Done():
			return
		}
	}
}
