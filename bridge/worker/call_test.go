//go:build !js

package worker_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/bridgetest"
	"github.com/vccnow/connector/wasm/api"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// callTest is the contract's call: who calls about what, who answers, and
// what ServiceNow held before.
type callTest struct {
	t     testing.TB
	env   *workerEnv
	agent *bridgetest.Agent
	from  string
	queue string
	// kase is the caller's open case, which the call must link and note.
	kase        bridgetest.Record
	notesBefore map[string]int
	disposition string
	notes       string
}

// readyForCall signs beth.anglin in (softphone media connected, panel
// open, Ready) and notes what the caller's case holds before the call.
func (w *workerEnv) readyForCall() *callTest {
	w.t.Helper()
	beth := w.SignIn("beth.anglin")
	beth.OpenPanel()
	beth.GoReady()
	cases := w.Records("sn_customerservice_case", "number=CS0000101")
	require.Len(w.t, cases, 1, "the seed's case CS0000101")
	c := &callTest{t: w.t, env: w, agent: beth, from: "+14155550201", queue: "support", kase: cases[0],
		disposition: "Resolved", notes: "Walked the caller through the router's reset"}
	c.notesBefore = w.NotesOn(c.caseRef())
	return c
}

func (c *callTest) caseRef() string { return "sn_customerservice_case:" + c.kase["sys_id"] }

// take answers the ringing call, hangs up and wraps up, as the panel does.
func (c *callTest) take(id string) {
	c.t.Helper()
	ix := c.env.WaitInteraction(id, "created", bridgetest.InState("new"))
	c.agent.Answer(ix["sys_id"], id)
	c.env.WaitInteraction(id, "answered", bridgetest.InState("work_in_progress"))
	c.agent.HangUp(id)
	c.env.WaitHungUp(id)
	c.wrapUp(id)
}

// wrapUp ends wrap-up with the disposition and notes, as the panel's form
// does: it sends them to the bridge and to VCC at once. The bridge's copy
// goes first here, so that the close does not hang on both arriving within
// the bridge's wrap-up grace (3 s), which a Worker on a loaded 2-core test
// machine can miss.
func (c *callTest) wrapUp(id string) {
	c.t.Helper()
	c.agent.MustAPI("POST", "/api/v1/calls/"+id+"/wrapup", api.WrapUp{Disposition: c.disposition, Notes: c.notes}, nil)
	c.agent.Phone.Do(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: id, Disposition: c.disposition, Notes: c.notes})
}

// checkClosed waits for the interaction to close and checks everything the
// call left in ServiceNow: one interaction, closed complete, the caller
// correlated to the case's contact and account, the case linked, one work
// note on the case and one on the interaction with the wrap-up.
func (c *callTest) checkClosed(id string) {
	c.t.Helper()
	closed := c.env.WaitInteraction(id, "closed", bridgetest.InState("closed_complete"))
	c.env.WaitSettled()
	got := c.env.OutcomeOf(id, c.notesBefore)
	queues := c.env.Records("awa_queue", "external_id="+c.queue)
	require.Len(c.t, queues, 1, "the AWA queue of VCC's queue %s", c.queue)
	want := bridgetest.Outcome{
		Interactions: 1, State: "closed_complete", Direction: "inbound", Caller: c.from, Queue: queues[0]["sys_id"],
		Contact: c.kase["contact"], Account: c.kase["account"], AssignedTo: c.agent.SysID,
		Links: []string{c.caseRef()}, CaseNotes: 1,
		// The closing note is checked below: its first line has the talk time.
		NoteLines: got.NoteLines,
	}
	assert.Equal(c.t, want, got)
	assert.True(c.t, strings.HasPrefix(got.NoteLines, "1 notes; Inbound call with "+c.from), got.NoteLines)
	notes := c.env.WorkNotes("interaction", closed["sys_id"])
	require.Len(c.t, notes, 1, "the interaction's work notes")
	assert.Contains(c.t, notes[0], "Disposition: "+c.disposition+".")
	assert.Contains(c.t, notes[0], "Notes: "+c.notes)
}
