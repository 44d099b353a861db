package snsim

import (
	"errors"
	"sync"
	"time"
)

// AWA is the simulator's Advanced Work Assignment: ServiceNow's routing of
// documents (here phone interactions) to agents, built as business rules on
// DB changes, so a record written through the Table API and one written by
// code route the same way.
//
// The pipeline follows ServiceNow's documentation
// (conversational-interfaces/advanced-work-assignment/awa-overview.md and
// the pages awa_route.go cites): a document that matches an active service
// channel's table and condition goes to the first of the channel's queues,
// by order, whose routing condition it matches, as an awa_work_item
// (queued); after Config.AssignDelay an assignment pass offers it: the
// queue's eligibility pools name groups and an assignment rule; an eligible
// agent (available presence, channel on, spare capacity, member of a pool
// group) is offered the item (pending_accept); the agent accepts (accepted:
// the interaction gets assigned_to and work_in_progress), rejects with a
// reason (re-queued to someone else) or lets the offer time out (cancelled
// "Time out", presence set to the rule's timeout presence, re-queued).
//
// Every rule runs on one goroutine, in the order the changes happened:
// DB.Subscribe hands each change to a queue and returns at once, so a writer
// never waits for routing and the engine's own writes never re-enter it. API
// actions that need an answer (accept, reject, presence, offer) run on the
// same goroutine through do. The engine keeps no configuration in memory: it
// reads channels, queues, pools, rules and presence from the DB on every
// pass, so a restored seed takes effect at once.
type AWA struct {
	db     *DB
	feed   *Feed
	clock  Clock
	assume map[string]bool // Config.Assume's switches (assumptions.go)

	mu          sync.Mutex
	cond        *sync.Cond
	jobs        []func()
	assignDue   bool          // an assignment pass should run once the queue is empty
	assignDelay time.Duration // how long a requested pass waits (awa_delay.go)
	stopPass    func() bool   // stops the armed delayed pass; nil when none is armed
	idle        bool
	closed      bool
	stopped     chan struct{}

	unsubscribe func()

	// Owned by the engine goroutine.
	timers       map[string]func() bool // work item sys_id -> stop its offer timeout
	lastAssigned map[string]uint64      // agent sys_id -> sequence of their last offer
	assignSeq    uint64
}

// errAWAClosed is returned by actions that arrive after Close.
var errAWAClosed = errors.New("AWA is stopped: the simulator is shutting down")

// AWAOptions set up an engine.
type AWAOptions struct {
	// Clock times offers and the assignment delay; nil means the wall clock.
	Clock Clock
	// AssignDelay is how long an assignment pass waits after something asks
	// for one (a work item queued, an agent available); 0 assigns at once.
	// SetAssignDelay changes it later.
	AssignDelay time.Duration
	// Assume holds the assumed behaviours switched on (Config.Assume).
	Assume map[string]bool
}

// NewAWA starts the engine on db, publishing workspace events to feed (nil
// publishes nowhere). Close stops it.
func NewAWA(db *DB, feed *Feed, opt AWAOptions) *AWA {
	clock := opt.Clock
	if clock == nil {
		clock = systemClock{}
	}
	if feed == nil {
		feed = NewFeed()
	}
	a := &AWA{
		db: db, feed: feed, clock: clock, assume: opt.Assume, assignDelay: max(opt.AssignDelay, 0),
		stopped:      make(chan struct{}),
		timers:       map[string]func() bool{},
		lastAssigned: map[string]uint64{},
	}
	a.cond = sync.NewCond(&a.mu)
	a.unsubscribe = db.Subscribe(func(c Change) { a.enqueue(func() { a.onChange(c) }) })
	// Items queued in the seed (or before a restart) get routed too.
	a.scheduleAssign()
	go a.run()
	return a
}

// Close stops the engine and its offer timers. Actions waiting in do get
// errAWAClosed.
func (a *AWA) Close() {
	a.unsubscribe()
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.closed = true
	if a.stopPass != nil {
		a.stopPass()
		a.stopPass = nil
	}
	a.cond.Broadcast()
	a.mu.Unlock()
	<-a.stopped
	for id, stop := range a.timers {
		stop()
		delete(a.timers, id)
	}
}

// Settle waits until the engine has nothing left to do: every change and
// action queued so far, and whatever they caused, has been handled. Tests
// call it after a write to see AWA's reaction. It does not wait for what
// the clock will bring: offer timeouts and an assignment pass still within
// its delay (awa_delay.go).
func (a *AWA) Settle() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for !a.closed && !(a.idle && len(a.jobs) == 0 && !a.assignDue) {
		a.cond.Wait()
	}
}

// Now is the engine clock's time.
func (a *AWA) Now() time.Time { return a.clock.Now() }

func (a *AWA) enqueue(job func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.jobs = append(a.jobs, job)
	a.cond.Broadcast()
}

// do runs f on the engine goroutine and returns its error. It must not be
// called from the engine goroutine itself.
func (a *AWA) do(f func() error) error {
	done := make(chan error, 1)
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return errAWAClosed
	}
	a.jobs = append(a.jobs, func() { done <- f() })
	a.cond.Broadcast()
	a.mu.Unlock()
	select {
	case err := <-done:
		return err
	case <-a.stopped:
		return errAWAClosed
	}
}

func (a *AWA) run() {
	defer close(a.stopped)
	for {
		job, ok := a.next()
		if !ok {
			return
		}
		job()
	}
}

// next returns the next job; with nothing queued it returns a pending
// assignment pass, and otherwise waits.
func (a *AWA) next() (func(), bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for {
		switch {
		case a.closed:
			a.idle = true
			a.cond.Broadcast()
			return nil, false
		case len(a.jobs) > 0:
			job := a.jobs[0]
			a.jobs[0] = nil
			a.jobs = a.jobs[1:]
			return job, true
		case a.assignDue:
			a.assignDue = false
			return a.assignWaiting, true
		}
		a.idle = true
		a.cond.Broadcast()
		a.cond.Wait()
		a.idle = false
	}
}
