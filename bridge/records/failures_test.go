package records

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
)

const (
	createPath = "/api/now/openframe/voice-interaction"
	patchPath  = "/api/now/openframe/voice-interaction/" + ixID
)

func TestALostCreateAnswerIsFoundNotRepeated(t *testing.T) {
	for name, lost := range map[string]string{
		"a 500":                 `{"error":{"message":"Internal error"}}`,
		"a page with 200":       `<html><head><title>Maintenance</title></head></html>`,
		"a 200 without results": `{"status":"ok"}`,
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, DefaultRules())
			status := 500
			if name != "a 500" {
				status = 200
			}
			e.sn.answer("POST "+createPath, reply(status, lost))
			e.apply(queued("+14155550199", "servicedesk"))
			require.Error(t, e.sync(1))
			assert.True(t, e.call.Sync.Creating, "the create may have happened")
			assert.True(t, e.saved[len(e.saved)-1].Creating, "saved before the request")

			delete(e.sn.answers, "POST "+createPath)
			e.sn.rows["interaction"] = []servicenow.Record{{"sys_id": ixID, "number": "IMS0000052", "state": "new",
				"short_description": "Call from (415) 555-0199 in servicedesk [VCC " + vccID + "]"}}
			e.sn.reset()
			e.mustSync(2)
			assert.Equal(t, []string{"GET /api/now/table/interaction"}, e.sn.requests())
			assert.Equal(t, "type=phone^short_descriptionLIKE"+vccID+"^sys_created_on>=2026-11-23 09:00:00^ORDERBYDESCsys_created_on",
				e.sn.last("GET", "/api/now/table/interaction").Query)
			assert.Equal(t, ixID, e.call.Sync.InteractionSysID)
			assert.False(t, e.call.Sync.Creating)
		})
	}
}

// A create whose answer was lost may still be running at ServiceNow (the
// bridge was killed with the request in flight, a gateway timed out): not
// found at once, the interaction is looked for again once that create can
// no longer land, and only then created.
func TestALostCreateMayLandLate(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.answer("POST "+createPath, reply(504, `<html>Gateway Timeout</html>`))
	e.apply(queued("+14155550199", "servicedesk"))
	require.Error(t, e.sync(1))
	delete(e.sn.answers, "POST "+createPath)
	e.sn.reset()

	var wait *WaitError
	require.ErrorAs(t, e.sync(2), &wait, "nothing found yet: look again later, create nothing")
	assert.Equal(t, at(1).Add(CreateMayLand), wait.Until)
	assert.Equal(t, []string{"GET /api/now/table/interaction"}, e.sn.requests())
	assert.True(t, e.call.Sync.Creating)

	e.sn.rows["interaction"] = []servicenow.Record{{"sys_id": ixID, "number": "IMS0000052", "state": "new",
		"short_description": "Call from (415) 555-0199 in servicedesk [VCC " + vccID + "]"}}
	e.sn.reset()
	e.mustSync(1 + int(CreateMayLand/time.Second))
	assert.Equal(t, []string{"GET /api/now/table/interaction"}, e.sn.requests(), "the late create is the call's: none made again")
	assert.Equal(t, ixID, e.call.Sync.InteractionSysID)
	assert.False(t, e.call.Sync.Creating)
}

// Nothing found once the lost create can no longer land, or at once when
// the instance answered it (a 500: it was done with the request): it is
// made.
func TestALostCreateThatNeverLandedIsMade(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		retry  int
	}{
		"no answer from a gateway": {504, 1 + int(CreateMayLand/time.Second)},
		"a 500":                    {500, 2},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, DefaultRules())
			e.sn.answer("POST "+createPath, reply(tc.status, `{"error":{"message":"Internal error"}}`))
			e.apply(queued("+14155550199", "servicedesk"))
			require.Error(t, e.sync(1))
			delete(e.sn.answers, "POST "+createPath)
			e.sn.reset()
			e.mustSync(tc.retry)
			assert.Equal(t, []string{"GET /api/now/table/interaction", "POST " + createPath}, e.sn.requests()[:2])
			assert.NotEmpty(t, e.call.Sync.InteractionSysID)
		})
	}
}

func TestARefusedCreateIsCreatedAgain(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.answer("POST "+createPath, reply(200, `{"result":{"status":"FAILURE"}}`))
	e.apply(queued("+14155550199", "servicedesk"))
	err := e.sync(1)
	require.ErrorIs(t, err, servicenow.ErrNotDone)
	assert.False(t, e.call.Sync.Creating, "status FAILURE: nothing was created")
	delete(e.sn.answers, "POST "+createPath)
	e.sn.reset()
	e.mustSync(2)
	assert.Equal(t, []string{"POST " + createPath}, e.sn.requests(), "no look for a create that did not happen")
}

func TestAFailedTransferIsNotDone(t *testing.T) {
	for name, h := range map[string]string{
		"success false": `{"result":{"success":false,"message":"Document is not active"}}`,
		"409":           `{"result":{"success":false,"message":"Work Item accepted can not be assigned"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, DefaultRules())
			e.apply(queued("+14155550199", "support"))
			e.mustSync(1)
			e.call.Sync.State = calls.StateWorkInProgress
			e.apply(answeredBy()...)
			e.apply(calls.Event{ID: "t", Kind: calls.CustomerQueued, At: at(30), Queue: "billing", TransferredFrom: agentUser})
			status := 200
			if name == "409" {
				status = 409
			}
			offer := "POST /api/now/awa/documents/interaction/" + ixID + "/offer"
			e.sn.answer(offer, reply(status, h))
			err := e.sync(31)
			require.Error(t, err)
			assert.False(t, servicenow.IsTemporary(err), "the outbox tries it again a few times, then reports it")
			assert.Equal(t, 0, e.call.Sync.TransfersDone)
			delete(e.sn.answers, offer)
			e.mustSync(32)
			assert.Equal(t, 1, e.call.Sync.TransfersDone)
			assert.Equal(t, calls.StateNew, e.call.Sync.State)
		})
	}
}

func TestAnAnswerThatIsNotTheAPIsIsNoLookup(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.answer("GET /api/now/table/incident", reply(200, `<html><title>Log in</title></html>`))
	e.apply(queued("+14155550111", "servicedesk"))
	err := e.sync(1)
	require.ErrorIs(t, err, servicenow.ErrNotJSON)
	assert.True(t, servicenow.IsTemporary(err))
	assert.False(t, e.call.Sync.Correlated, "an unknown caller is not concluded from a page")
}

// A step that fails after others succeeded repeats none of them.
func TestResumeRepeatsNoWrite(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.rows["incident"] = []servicenow.Record{{"sys_id": incID, "caller_id": userID, "caller_id.phone": "415 555 0111"}}
	note := "PATCH /api/now/table/incident/" + incID
	e.sn.answer(note, reply(503, `{"error":{"message":"Service Unavailable"}}`))
	e.apply(queued("+14155550111", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	e.apply(wrappedUp("")...)
	err := e.sync(81)
	require.Error(t, err)
	assert.True(t, servicenow.IsTemporary(err))
	assert.Equal(t, calls.StateClosedComplete, e.saved[len(e.saved)-1].State, "the close was saved")
	delete(e.sn.answers, note)
	e.sn.reset()
	e.mustSync(90)
	assert.Equal(t, []string{note}, e.sn.requests(), "only the note is written again")
}

func TestLateWrapUp(t *testing.T) {
	e := newEnv(t, DefaultRules())
	e.sn.rows["incident"] = []servicenow.Record{{"sys_id": incID, "caller_id": userID, "caller_id.phone": "415 555 0111"}}
	e.apply(queued("+14155550111", "servicedesk"))
	e.mustSync(1)
	e.call.Sync.State = calls.StateWorkInProgress
	e.apply(answeredBy()...)
	e.apply(hungUp())
	e.apply(wrappedUp("")[1]) // VCC's end of wrap-up only
	require.IsType(t, &WaitError{}, e.sync(81))
	e.mustSync(84) // the grace is over: closed without the notes
	assert.False(t, e.call.Sync.WrapUpWritten)
	e.sn.reset()
	e.apply(calls.Event{Kind: calls.WrapUpSubmitted, At: at(200), Agent: agentUser, Notes: "Reset the router"})
	e.mustSync(201)
	assert.Equal(t, []string{"PATCH " + patchPath, "PATCH /api/now/table/incident/" + incID}, e.sn.requests())
	late := "The agent's wrap-up, received after the interaction closed:\nDisposition: Resolved.\nNotes: Reset the router"
	assert.Equal(t, map[string]any{"work_notes": late}, e.sn.last("PATCH", patchPath).Body["interaction"].(map[string]any)["additionalParams"])
	assert.Equal(t, map[string]any{"work_notes": late}, e.sn.last("PATCH", "/api/now/table/incident/"+incID).Body)
	assert.True(t, e.call.Sync.WrapUpWritten)
}
