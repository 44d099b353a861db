//go:build !js

package vccsim

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// acdRoutes adds the softphone, the routing API and the loopback control
// API of calls.
func (s *Server) acdRoutes() {
	s.mux.HandleFunc("GET "+vccproto.Path, s.serveSoftphone)
	s.mux.HandleFunc("POST /routing/v1/calls/{interactionId}/assign", s.serveAssign)
	s.mux.HandleFunc("POST /sim/calls", s.control(s.servePlaceCall))
	s.mux.HandleFunc("GET /sim/calls", s.control(s.serveCalls))
	s.mux.HandleFunc("GET /sim/calls/{id}", s.control(s.serveCall))
	s.mux.HandleFunc("POST /sim/calls/{id}/hangup", s.control(s.serveCallerHangup))
	s.mux.HandleFunc("GET /sim/config", s.control(s.serveACDConfig))
	s.mux.HandleFunc("POST /sim/config", s.control(s.serveACDConfig))
	s.mux.HandleFunc("GET /sim/console", s.control(s.serveConsole))
}

// callJSON is a call as the control API shows it.
type callJSON struct {
	ID    string `json:"id"` // interactionId
	State string `json:"state"`
	Agent string `json:"agent,omitempty"` // user name of the current or last agent
	From  string `json:"from"`
	To    string `json:"to,omitempty"` // outbound: the number dialled
	// DDI is the number an inbound caller dialled: their queue's DDI (the
	// call detail's to.telephoneNumber).
	DDI         string         `json:"ddi,omitempty"`
	Queue       string         `json:"queue,omitempty"`
	Direction   string         `json:"direction"`
	DTMF        string         `json:"dtmf"`
	Disposition string         `json:"disposition,omitempty"`
	Notes       string         `json:"notes,omitempty"` // the last agent's wrap-up notes
	Regarding   string         `json:"regarding,omitempty"`
	Muted       bool           `json:"muted"` // the current or last agent muted their microphone
	Media       callMediaJSON  `json:"media"`
	History     []historyEntry `json:"history"`
}

type callMediaJSON struct {
	RTPFromAgent       uint64 `json:"rtpFromAgent"`
	RTPToAgent         uint64 `json:"rtpToAgent"`
	LastRTPFromAgentAt string `json:"lastRtpFromAgentAt,omitempty"` // RFC 3339
	// AgentAudioSince is when the agent's audio last began to flow after a
	// gap of 100 ms or more (RFC 3339): after a reload, when it came back.
	AgentAudioSince string `json:"agentAudioSince,omitempty"`
	// CallerHears is what the simulated caller hears: queue (music), agent,
	// hold (music), comfort (tone, while parked) or nothing.
	CallerHears string `json:"callerHears"`
}

// json is the call's control view; acd.mu must be held.
func (c *call) json() callJSON {
	v := callJSON{
		ID: c.id, State: c.state, From: c.from, To: c.to, DDI: c.ddi, Direction: c.direction,
		DTMF: c.dtmfString(), Disposition: c.disposition, Regarding: c.regarding,
		History: append([]historyEntry{}, c.history...),
		Media: callMediaJSON{
			RTPFromAgent: c.rtpFromAgent.Load(), RTPToAgent: c.rtpToAgent.Load(),
			CallerHears: c.callerHears(),
		},
	}
	if c.lastLeg != nil {
		v.Agent, v.Notes, v.Muted = c.lastLeg.user.UserName, c.lastLeg.notes, c.lastLeg.muted
	}
	if c.queue != nil {
		v.Queue = c.queue.Name
	}
	if ns := c.lastFromAgent.Load(); ns != 0 {
		v.Media.LastRTPFromAgentAt = rfc3339(time.Unix(0, ns))
		v.Media.AgentAudioSince = rfc3339(time.Unix(0, c.agentSince.Load()))
	}
	return v
}

// servePlaceCall is POST /sim/calls {"from":"+E164","queue":"support"}: a
// customer calls and waits in the queue (of whichever seeded account has
// it). Instead of the queue the body may name the number dialled,
// {"from":"+E164","to":"+18005550100"}: the queue whose DDI it is. 201
// {"id":"<interactionId>","ddi":"<the queue's DDI>"}.
func (s *Server) servePlaceCall(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From  string `json:"from"`
		Queue string `json:"queue"`
		To    string `json:"to"`
	}
	if err := readJSON(r, &body); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	if !vccproto.IsE164(body.From) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("from %q is not an E.164 number (+ and 8 to 15 digits).", body.From))
		return
	}
	var names []string
	for _, acct := range s.seed.accounts {
		q := findQueue(acct, body.Queue)
		if body.Queue == "" {
			q = queueByDDI(acct, body.To)
		}
		if q != nil {
			c := s.acd.placeCall(acct, q, body.From)
			writeJSON(w, http.StatusCreated, map[string]string{"id": c.id, "ddi": q.DDI})
			return
		}
		for _, q := range acct.Queues {
			names = append(names, q.Name+" ("+q.DDI+")")
		}
	}
	writeMessage(w, http.StatusBadRequest, fmt.Sprintf("There is no queue %q and no queue dialled on %q; name a queue or dial its number: %s.",
		body.Queue, body.To, strings.Join(names, ", ")))
}

// serveCalls is GET /sim/calls: {"calls":[...]}, oldest first.
func (s *Server) serveCalls(w http.ResponseWriter, _ *http.Request) {
	a := s.acd
	a.mu.Lock()
	calls := make([]callJSON, 0, len(a.order))
	for _, c := range a.order {
		calls = append(calls, c.json())
	}
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"calls": calls})
}

// serveCall is GET /sim/calls/{id}.
func (s *Server) serveCall(w http.ResponseWriter, r *http.Request) {
	a := s.acd
	a.mu.Lock()
	c := a.calls[r.PathValue("id")]
	var v callJSON
	if c != nil {
		v = c.json()
	}
	a.mu.Unlock()
	if c == nil {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("There is no call %q.", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// serveCallerHangup is POST /sim/calls/{id}/hangup: the customer hangs up.
// 200 with the call; 404 unknown call; 409 when it has already ended.
func (s *Server) serveCallerHangup(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.acd.callerHangup(id); err != nil {
		writeMessage(w, httpStatus(err), err.Error())
		return
	}
	s.serveCall(w, r)
}

// serveACDConfig is GET and POST /sim/config {"routing":"servicenow"|"vcc"}:
// how queued calls are routed (see RoutingServiceNow, RoutingVCC).
func (s *Server) serveACDConfig(w http.ResponseWriter, r *http.Request) {
	a := s.acd
	if r.Method == http.MethodPost {
		var body struct {
			Routing string `json:"routing"`
		}
		if err := readJSON(r, &body); err != nil {
			writeMessage(w, http.StatusBadRequest, err.Error())
			return
		}
		if body.Routing != RoutingServiceNow && body.Routing != RoutingVCC {
			writeMessage(w, http.StatusBadRequest, fmt.Sprintf("routing must be %q or %q.", RoutingServiceNow, RoutingVCC))
			return
		}
		a.locked(func(*later) {
			a.routing = body.Routing
			a.dispatch()
		})
	}
	a.mu.Lock()
	routing := a.routing
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"routing": routing})
}
