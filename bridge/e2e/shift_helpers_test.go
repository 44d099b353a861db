//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/cti"
)

// shiftAgent is one agent at their own computer: their workspace tab and
// its panel (both replaced after a reload or a tab change).
type shiftAgent struct {
	user  string
	ws    *Workspace
	panel *Panel
}

// shift is a day at the contact centre: the agents and every call placed,
// with what each call must leave in ServiceNow.
type shift struct {
	t      *testing.T
	env    *Env
	agents []*shiftAgent
	calls  []*shiftCall
}

// shiftCall is a call of the shift and the interaction it must leave.
type shiftCall struct {
	id, from, queue string
	// placed and ended are when the caller rang and when the call ended
	// (the last agent hung up, or the caller gave up).
	placed, ended time.Time
	// state is closed_complete or closed_abandoned.
	state string
	// link is the record the interaction must be related to
	// ("table:number"), "" for none.
	link string
	// agent took the call last ("" for an abandoned call).
	agent *shiftAgent
}

// startShift opens each agent's workspace in their own browser, signs them
// in and makes them Ready.
func startShift(t *testing.T, env *Env, users ...string) *shift {
	s := &shift{t: t, env: env}
	for _, u := range users {
		ws := env.OpenWorkspace(u)
		a := &shiftAgent{user: u, ws: ws, panel: ws.Panel()}
		a.panel.GoReady(u)
		s.agents = append(s.agents, a)
	}
	return s
}

// place rings VCC from a caller into a queue and records what the call
// must leave behind.
func (s *shift) place(from, queue, state, link string) *shiftCall {
	c := &shiftCall{from: from, queue: queue, placed: time.Now(), state: state, link: link}
	c.id = s.env.PlaceCall(from, queue)
	s.calls = append(s.calls, c)
	return c
}

// ringing waits until some agent's panel rings with the call and returns
// that agent; not names an agent who must not be offered it ("" for any).
// A panel may ring before the bridge has told it the call's VCC id, so a
// ringing call without an id counts: the shift rings one call at a time,
// and answering it checks the id.
func (s *shift) ringing(c *shiftCall, not string) *shiftAgent {
	s.t.Helper()
	deadline := time.Now().Add(Timeout)
	for {
		for _, a := range s.agents {
			if st, ok := a.panel.tryState(); ok {
				if _, ok := ringingCall(st, c.id); ok {
					require.NotEqual(s.t, not, a.user, "call %s from %s offered to %s again", c.id, c.from, a.user)
					return a
				}
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("call %s from %s rang at no panel within %v", c.id, c.from, Timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// answer takes the ringing call in the panel and waits until the caller
// and the agent hear each other.
func (s *shift) answer(a *shiftAgent, c *shiftCall) {
	s.t.Helper()
	a.panel.Answer(c.id)
	s.connected(a, c)
}

// connected waits for the call to be connected in the agent's panel with
// audio both ways at VCC.
func (s *shift) connected(a *shiftAgent, c *shiftCall) {
	s.t.Helper()
	a.panel.WaitCall(c.id, cti.CallConnected)
	c.agent = a
	s.audioFlows(c)
}

// audioFlows waits until VCC receives fresh audio from the agent and has
// sent the agent the caller's.
func (s *shift) audioFlows(c *shiftCall) {
	s.t.Helper()
	before := s.env.SimCall(c.id).Media
	s.env.WaitSimCall(c.id, "audio both ways", func(sc SimCall) bool {
		return sc.State == "connected" && sc.Media.RTPFromAgent > before.RTPFromAgent+10 && sc.Media.RTPToAgent > before.RTPToAgent+10
	})
}

// finish hangs up (unless the call is in wrap-up already) and submits the
// wrap-up with a disposition.
func (s *shift) finish(a *shiftAgent, c *shiftCall, disposition string) {
	s.t.Helper()
	c.ended = time.Now()
	a.panel.WrapUp(c.id, disposition)
}

// checkRecords asserts what every call left in ServiceNow: exactly one
// interaction in its final state, handled by the right agent, related to
// the caller's case or incident, with plausible times.
func (s *shift) checkRecords() {
	s.t.Helper()
	sysIDs := map[string]string{}
	for _, a := range s.agents {
		var users []map[string]string
		s.env.Records("sys_user", "user_name="+a.user, &users)
		require.Len(s.t, users, 1)
		sysIDs[a.user] = users[0]["sys_id"]
	}
	for _, c := range s.calls {
		ix := s.env.WaitInteraction(c.id, c.state, func(ix map[string]string) bool { return ix["state"] == c.state })
		what := "call " + c.id + " from " + c.from
		assert.Equal(s.t, c.from, ix["caller_phone_number"], what)
		if c.agent != nil {
			assert.Equal(s.t, sysIDs[c.agent.user], ix["assigned_to"], what+": the agent who took it last")
		}
		assert.Equal(s.t, c.link, s.link(ix["sys_id"]), what+": related record")
		s.checkTimes(c, ix)
	}
}

// link is the interaction's related record as "table:number", "" for
// none; more than one fails.
func (s *shift) link(interaction string) string {
	var links []map[string]string
	s.env.Records("interaction_related_record", "interaction="+interaction, &links)
	if len(links) == 0 {
		return ""
	}
	require.Len(s.t, links, 1, "interaction %s: related records", interaction)
	var recs []map[string]string
	s.env.Records(links[0]["document_table"], "sys_id="+links[0]["document_id"], &recs)
	require.Len(s.t, recs, 1, "interaction %s: the related %s", interaction, links[0]["document_table"])
	return links[0]["document_table"] + ":" + recs[0]["number"]
}

// checkTimes asserts the interaction was opened when the call came in and
// last written (closed) after the call ended, and that the talk time its
// phone log records fits in the time the call lasted. The interaction's
// own opened_at and closed_at are written by nobody (the simulated
// instance has no default for them), so its system times stand for them;
// they have a resolution of a second.
func (s *shift) checkTimes(c *shiftCall, ix map[string]string) {
	s.t.Helper()
	what := "call " + c.id + " from " + c.from
	opened, err := time.Parse(time.DateTime, ix["sys_created_on"])
	require.NoError(s.t, err, what+": sys_created_on")
	closed, err := time.Parse(time.DateTime, ix["sys_updated_on"])
	require.NoError(s.t, err, what+": sys_updated_on")
	assert.WithinRange(s.t, opened, c.placed.Add(-time.Second).UTC(), c.ended.UTC(), what+": opened")
	assert.WithinRange(s.t, closed, c.ended.Add(-time.Second).UTC(), time.Now().UTC(), what+": closed")

	var logs []map[string]string
	s.env.Records("sn_openframe_phone_log", "call_id="+c.id, &logs)
	require.Len(s.t, logs, 1, what+": one phone log, created with the interaction")
	started, err := time.Parse(time.DateTime, logs[0]["start_time"])
	require.NoError(s.t, err, what+": phone log start_time %q", logs[0]["start_time"])
	assert.WithinRange(s.t, started, c.placed.Add(-time.Second).UTC(), c.ended.UTC(), what+": phone log start")
}
