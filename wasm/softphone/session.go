package softphone

import (
	"sync"

	"github.com/vccnow/connector/wasm/vcc"
)

// Peer is one WebRTC peer connection as the session needs it. The browser's
// RTCPeerConnection implements it in the panel (peer_js.go); a pion
// PeerConnection implements it natively (peer_native.go), so the session's
// logic is tested against the VCC simulator without a browser.
type Peer interface {
	// Offer creates an offer, sets it as the local description and returns
	// it.
	Offer() (string, error)
	SetAnswer(sdp string) error
	AddCandidate(c vcc.Candidate) error
	// OnCandidate and OnState must be set before Offer.
	OnCandidate(func(vcc.Candidate))
	OnState(func(string))
	Close() error
}

// NewPeer makes a peer for a session's ICE servers.
type NewPeer func(ice []vcc.ICEServer) (Peer, error)

// Events are what a Session reports; each runs on the caller's goroutine or
// the peer's, never under the session's lock.
type Events struct {
	Offer func(sdp string)
	// OfferSent reports an adopted peer's offer that is out already (the
	// loader sent it after a reload); nil means Offer.
	OfferSent func(sdp string)
	Candidate func(vcc.Candidate)
	State     func(state string)
}

// Session is the agent's one audio connection to VCC: it (re)creates the
// peer, offers it, holds remote candidates that arrive before the answer, and
// ignores events from a peer it has replaced (after a reload, a failure or a
// take-over).
type Session struct {
	newPeer NewPeer
	ev      Events

	mu     sync.Mutex
	peer   Peer
	gen    int
	remote bool
	early  []vcc.Candidate
	// adopted is set from Adopt until Start carries the adopted peer on.
	adopted *adoption
}

// adoption is a peer made before the session existed (after a reload, by
// the loader, while the connector compiled) and how far it got.
type adoption struct {
	offerSent bool
}

// NewSession returns a session that makes peers with newPeer.
func NewSession(newPeer NewPeer, ev Events) *Session {
	return &Session{newPeer: newPeer, ev: ev}
}

// Adopt makes p, a peer negotiated before the session existed, the
// session's: offerSent says its offer is out, answered that VCC's answer is
// applied (candidates then go to it at once). Answers and candidates reach
// it from now on; the next Start carries it on instead of making a new one.
func (s *Session) Adopt(p Peer, offerSent, answered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeLocked()
	s.gen++
	s.peer, s.remote, s.early = p, answered, nil
	s.adopted = &adoption{offerSent: offerSent}
}

// DropAdopted closes an adopted peer that Start never carried on.
func (s *Session) DropAdopted() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.adopted != nil {
		s.gen++
		s.closeLocked()
	}
}

// Start replaces any peer with a new one and offers it, or carries on the
// adopted one. It blocks while the offer is made; call it from a goroutine
// of its own in the browser.
func (s *Session) Start(ice []vcc.ICEServer) {
	s.mu.Lock()
	if a := s.adopted; a != nil {
		s.adopted = nil
		s.gen++
		gen, p := s.gen, s.peer
		s.mu.Unlock()
		s.carryOn(p, gen, a)
		return
	}
	s.closeLocked()
	s.gen++
	gen := s.gen
	s.mu.Unlock()

	p, err := s.newPeer(ice)
	if err != nil {
		s.ev.State("failed")
		return
	}
	s.follow(p, gen)
	s.mu.Lock()
	if gen != s.gen {
		s.mu.Unlock()
		_ = p.Close()
		return
	}
	s.peer, s.remote, s.early = p, false, nil
	s.mu.Unlock()

	sdp, err := p.Offer()
	if !s.current(gen) {
		return
	}
	if err != nil {
		s.ev.State("failed")
		return
	}
	s.ev.Offer(sdp)
}

// carryOn follows an adopted peer as Start follows a new one: its
// candidates and states from now on, and its offer, sent or to send.
func (s *Session) carryOn(p Peer, gen int, a *adoption) {
	s.follow(p, gen)
	sdp, err := p.Offer() // an adopted peer returns the offer it has
	if !s.current(gen) {
		return
	}
	switch {
	case err != nil:
		s.ev.State("failed")
	case a.offerSent && s.ev.OfferSent != nil:
		s.ev.OfferSent(sdp)
	default:
		s.ev.Offer(sdp)
	}
}

// follow reports p's candidates and states while gen is current.
func (s *Session) follow(p Peer, gen int) {
	p.OnCandidate(func(c vcc.Candidate) {
		if s.current(gen) {
			s.ev.Candidate(c)
		}
	})
	p.OnState(func(st string) {
		if s.current(gen) {
			s.ev.State(st)
		}
	})
}

func (s *Session) current(gen int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return gen == s.gen
}

// SetAnswer applies VCC's answer, then the candidates that came before it.
func (s *Session) SetAnswer(sdp string) {
	s.mu.Lock()
	p := s.peer
	s.mu.Unlock()
	if p == nil {
		return
	}
	if err := p.SetAnswer(sdp); err != nil {
		s.ev.State("failed")
		return
	}
	s.mu.Lock()
	if p != s.peer {
		s.mu.Unlock()
		return
	}
	s.remote = true
	early := s.early
	s.early = nil
	s.mu.Unlock()
	for _, c := range early {
		_ = p.AddCandidate(c)
	}
}

// AddCandidate adds a remote candidate, or holds it until the answer.
func (s *Session) AddCandidate(c vcc.Candidate) {
	if c.Candidate == "" {
		return
	}
	s.mu.Lock()
	p := s.peer
	if p == nil {
		s.mu.Unlock()
		return
	}
	if !s.remote {
		s.early = append(s.early, c)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	_ = p.AddCandidate(c)
}

// Close ends the peer; its late events are ignored.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.closeLocked()
}

func (s *Session) closeLocked() {
	if s.peer != nil {
		_ = s.peer.Close()
		s.peer = nil
	}
	s.remote, s.early, s.adopted = false, nil, nil
}
