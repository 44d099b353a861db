package snsim

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Seed sys_ids the AWA tests use (testdata/servicenow).
const (
	beth          = "46d44a23a9fe19810012d100cca80666"
	abel          = "62826bf03710200044e0bfc8bcbe5df1"
	phoneChannel  = "f6281cc39335330090813a53177ffb32"
	supportQueue  = "3e6333673787cb8a1049445567800d25"
	serviceDesk   = "dda08e566ef31ea5bd3626c522bc4391"
	stateAvail    = "0b10223c57a313005baaaa65ef94f970"
	stateAway     = "41f9b8dfb31313005baa6e5f26a8dcac"
	stateOffline  = "9cd83267575313005baaaa65ef94f98b"
	reasonBusy    = "4e93fa29b38023002e7b6e5f26a8dc20"
	mostCapacity  = "582d7f5892400f342cf363001592b789"
	serviceDeskGr = "d625dccec0a8016700a222a0f7900d06"
)

// fakeClock is a Clock whose time moves only when the test says.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

var _ Clock = (*fakeClock)(nil)

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

// Advance moves time forward by d and fires the timers that came due, in
// order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t)
		default:
			kept = append(kept, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.f()
	}
}

// pending counts the timers not yet fired or stopped.
func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}

// awaFixture is an AWA engine on the project's seed with a fake clock.
type awaFixture struct {
	t     *testing.T
	db    *DB
	seed  map[string][]Record
	clock *fakeClock
	feed  *Feed
	awa   *AWA
}

// newAWAFixture assigns without delay (awaDelayFixture has one).
func newAWAFixture(t *testing.T) *awaFixture {
	t.Helper()
	return newAWAFixtureWith(t, AWAOptions{})
}

// newAWAFixtureWith sets the engine up with opt (the fixture's clock).
func newAWAFixtureWith(t *testing.T, opt AWAOptions) *awaFixture {
	t.Helper()
	seed, err := loadSeed(filepath.Join("..", "..", "..", "testdata", "servicenow"))
	require.NoError(t, err)
	db := NewDB(nil)
	require.NoError(t, db.Reset(seed))
	f := &awaFixture{t: t, db: db, seed: seed, clock: newFakeClock(), feed: NewFeed()}
	opt.Clock = f.clock
	f.awa = NewAWA(db, f.feed, opt)
	t.Cleanup(f.awa.Close)
	f.awa.Settle()
	return f
}

// presence sets an agent's presence by state sys_id and waits for AWA.
func (f *awaFixture) presence(agent, state string) {
	f.t.Helper()
	_, err := f.awa.SetPresence(agent, state, nil)
	require.NoError(f.t, err)
	f.awa.Settle()
}

// call inserts a phone interaction waiting in queue, as the bridge does,
// and waits for AWA.
func (f *awaFixture) call(from, queue string) Record {
	f.t.Helper()
	ix, err := f.db.Insert(tInteraction, Record{
		"type": "phone", "state": "new", "direction": "inbound", "caller_phone_number": from, "queue": queue,
	}, "vcc.integration")
	require.NoError(f.t, err)
	f.awa.Settle()
	return ix
}

// update writes to a record and waits for AWA.
func (f *awaFixture) update(table, id string, changes Record) {
	f.t.Helper()
	_, err := f.db.Update(table, id, changes, "vcc.integration")
	require.NoError(f.t, err)
	f.awa.Settle()
}

// items returns a document's work items, oldest first.
func (f *awaFixture) items(docID string) []Record {
	return f.awa.find(tWorkItem, func(r Record) bool { return r["document_id"] == docID })
}

// item returns the document's only active work item.
func (f *awaFixture) item(docID string) Record {
	f.t.Helper()
	active := f.awa.activeItems(tInteraction, docID)
	require.Len(f.t, active, 1, "active work items of %s", docID)
	return active[0]
}

func (f *awaFixture) accept(agent, wi string) {
	f.t.Helper()
	_, err := f.awa.Accept(agent, wi)
	require.NoError(f.t, err)
	f.awa.Settle()
}

func (f *awaFixture) advance(d time.Duration) {
	f.clock.Advance(d)
	f.awa.Settle()
}

// subscribe follows an agent's feed events.
func (f *awaFixture) subscribe(agent string) *feedSub {
	s := f.feed.subscribe(agent)
	f.t.Cleanup(func() { f.feed.unsubscribe(s) })
	return s
}

// drain returns the events received so far.
func drain(s *feedSub) []FeedEvent {
	var out []FeedEvent
	for {
		select {
		case ev := <-s.events:
			out = append(out, ev)
		default:
			return out
		}
	}
}

// panelEvents returns the OpenFrame events among evs.
func panelEvents(evs []FeedEvent) map[string]any {
	out := map[string]any{}
	for _, ev := range evs {
		if ev.Panel != nil {
			out[ev.Panel.EventName] = ev.Panel.Args
		}
	}
	return out
}

// pick returns the named fields of r.
func pick(r Record, fields ...string) Record {
	out := Record{}
	for _, k := range fields {
		out[k] = r[k]
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
