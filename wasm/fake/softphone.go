package fake

import (
	"sync"

	"github.com/vccnow/connector/wasm/cti"
)

// Softphone request kinds (SoftphoneRequest.Op), one per cti.Softphone
// method that sends something.
const (
	OpOpen      = "open"
	OpTakeOver  = "takeover"
	OpAnswer    = "answer"
	OpReject    = "reject"
	OpHangup    = "hangup"
	OpHold      = "hold"
	OpResume    = "resume"
	OpMute      = "mute"
	OpTransfer  = "transfer"
	OpDTMF      = "dtmf"
	OpWrapUp    = "wrapup"
	OpDial      = "dial"
	OpOffer     = "offer"
	OpCandidate = "candidate"
	OpSignOut   = "signout"
)

// SoftphoneRequest is one request the core made of the softphone; the
// fields its Op uses are set.
type SoftphoneRequest struct {
	Op, Req            string
	Session            cti.SessionRequest // open, takeover
	CallID             string
	Muted              bool       // mute
	Target             cti.Target // transfer
	Digits             string     // dtmf
	Disposition, Notes string     // wrapup
	Number, Regarding  string     // dial
	SDP                string     // offer
	Candidate          cti.Candidate
}

// Softphone is a second adapter of the cti.Softphone port, beside the VCC
// one (package vccphone): it records what the core asks, and makes the
// answers a softphone service would give (Ack, Refuse), so tests drive the
// core through the port itself. Connect and Close are recorded in Calls.
type Softphone struct {
	Calls
	// SignalsDTMF is what SendDTMF reports: true plays a service that
	// carries DTMF in its signaling, false (VCC) one that takes it in the
	// media.
	SignalsDTMF bool

	mu   sync.Mutex
	Sent []SoftphoneRequest
}

var _ cti.Softphone = (*Softphone)(nil)

func (s *Softphone) record(r SoftphoneRequest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Sent = append(s.Sent, r)
}

func (s *Softphone) Connect() { s.add("Connect") }
func (s *Softphone) Close()   { s.add("Close") }

func (s *Softphone) Open(req string, ss cti.SessionRequest) {
	s.record(SoftphoneRequest{Op: OpOpen, Req: req, Session: ss})
}

func (s *Softphone) TakeOver(req string, ss cti.SessionRequest) {
	s.record(SoftphoneRequest{Op: OpTakeOver, Req: req, Session: ss})
}

func (s *Softphone) Answer(req, id string) {
	s.record(SoftphoneRequest{Op: OpAnswer, Req: req, CallID: id})
}
func (s *Softphone) Reject(req, id string) {
	s.record(SoftphoneRequest{Op: OpReject, Req: req, CallID: id})
}
func (s *Softphone) Hangup(req, id string) {
	s.record(SoftphoneRequest{Op: OpHangup, Req: req, CallID: id})
}
func (s *Softphone) Hold(req, id string) {
	s.record(SoftphoneRequest{Op: OpHold, Req: req, CallID: id})
}
func (s *Softphone) Resume(req, id string) {
	s.record(SoftphoneRequest{Op: OpResume, Req: req, CallID: id})
}

func (s *Softphone) Mute(req, id string, muted bool) {
	s.record(SoftphoneRequest{Op: OpMute, Req: req, CallID: id, Muted: muted})
}

func (s *Softphone) Transfer(req, id string, to cti.Target) {
	s.record(SoftphoneRequest{Op: OpTransfer, Req: req, CallID: id, Target: to})
}

// SendDTMF records the digits when SignalsDTMF is set, and reports it.
func (s *Softphone) SendDTMF(id, digits string) bool {
	if s.SignalsDTMF {
		s.record(SoftphoneRequest{Op: OpDTMF, CallID: id, Digits: digits})
	}
	return s.SignalsDTMF
}

func (s *Softphone) EndWrapUp(req, id, disposition, notes string) {
	s.record(SoftphoneRequest{Op: OpWrapUp, Req: req, CallID: id, Disposition: disposition, Notes: notes})
}

func (s *Softphone) Dial(req, number, regarding string) {
	s.record(SoftphoneRequest{Op: OpDial, Req: req, Number: number, Regarding: regarding})
}

func (s *Softphone) Offer(req, sdp string) {
	s.record(SoftphoneRequest{Op: OpOffer, Req: req, SDP: sdp})
}
func (s *Softphone) Candidate(c cti.Candidate) {
	s.record(SoftphoneRequest{Op: OpCandidate, Candidate: c})
}
func (s *Softphone) SignOut(req string) { s.record(SoftphoneRequest{Op: OpSignOut, Req: req}) }

// Count is how many requests the core made so far.
func (s *Softphone) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.Sent)
}

// Last returns the last request of a kind, and whether there was one.
func (s *Softphone) Last(op string) (SoftphoneRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.Sent) - 1; i >= 0; i-- {
		if s.Sent[i].Op == op {
			return s.Sent[i], true
		}
	}
	return SoftphoneRequest{}, false
}

// Ack is the service accepting the last request of a kind, with the call it
// changed (nil for none); false when there was no such request.
func (s *Softphone) Ack(op string, call *cti.PhoneCall) (cti.RequestAcked, bool) {
	r, ok := s.Last(op)
	return cti.RequestAcked{Req: r.Req, Call: call}, ok
}

// Refuse is the service refusing the last request of a kind; false when
// there was no such request.
func (s *Softphone) Refuse(op string, why cti.RefusalReason, msg string) (cti.RequestRefused, bool) {
	r, ok := s.Last(op)
	return cti.RequestRefused{Req: r.Req, Reason: why, Message: msg}, ok
}
