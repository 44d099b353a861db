package cti_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
	"github.com/vccnow/connector/wasm/ui"
)

// transferAgent is an agent in a call, with a queue and two agents to
// transfer to.
func transferAgent(t *testing.T) *agent {
	a := newAgent(t)
	a.in(cti.UIAction{Action: cti.ActSignIn})
	a.in(cti.MicResult{}, cti.SignInResult{Token: cti.Token{AccessToken: "jwt", ExpiresIn: 7200, RefreshToken: "rt"}}, cti.SoftphoneConnected{})
	w := welcome
	w.Targets = []cti.Target{{Type: "queue", ID: "support", Name: "support"},
		{Type: "agent", ID: "abel.tuter", Name: "Abel Tuter"}, {Type: "agent", ID: "zoe.out", Name: "Zoe Out"}}
	a.in(w)
	a.presenceSet()
	a.in(cti.MediaState{State: "connected"})
	connected(t, a)
	return a
}

func agentsAnswer(t *testing.T, names ...string) cti.Input {
	b, err := json.Marshal(api.TransferAgents{Agents: names})
	require.NoError(t, err)
	return cti.BridgeResult{ID: "transfer-agents:", Status: 200, Body: b}
}

// The Transfer list only selects: a choice, even several, sends nothing;
// Transfer asks, and only the confirmation transfers.
func TestTransferNeedsAChoiceAndAConfirm(t *testing.T) {
	a := transferAgent(t)
	st := a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|queue:support"},
		cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|"},
		cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|queue:support"})
	_, sent := a.f.Softphone.Last(fake.OpTransfer)
	assert.False(t, sent, "choosing in the list transfers nothing")
	assert.Equal(t, "queue:support", st.Calls[0].TransferChoice)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)

	st = a.in(cti.UIAction{Action: cti.ActTransfer, Value: "call-1"})
	assert.True(t, st.Calls[0].TransferAsk, "Transfer asks first")
	_, sent = a.f.Softphone.Last(fake.OpTransfer)
	assert.False(t, sent)
	ask := ui.El("main", cti.View(st, time.Now())).Find("transfer-ask")
	require.NotNil(t, ask)
	assert.Contains(t, ask.TextContent(), "Transfer the caller to the support queue?")

	st = a.in(cti.UIAction{Action: cti.ActTransferCancel, Value: "call-1"})
	assert.False(t, st.Calls[0].TransferAsk)
	a.in(cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"})
	_, sent = a.f.Softphone.Last(fake.OpTransfer)
	assert.False(t, sent, "a confirmation nobody was asked for does nothing")

	a.in(cti.UIAction{Action: cti.ActTransfer, Value: "call-1"}, cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"})
	tr, sent := a.f.Softphone.Last(fake.OpTransfer)
	require.True(t, sent)
	assert.Equal(t, cti.Target{Type: "queue", ID: "support"}, tr.Target)

	st = a.ack(fake.OpTransfer, &cti.PhoneCall{ID: "call-1", State: cti.CallStateWrapUp})
	assert.Equal(t, "the support queue", st.Calls[0].TransferredTo, "the panel says where the caller went")
}

// Only agents the bridge says can take a call are offered; a signed-out
// agent cannot be chosen, and one who left since the choice is dropped.
func TestTransferOffersAgentsWhoCanTakeTheCall(t *testing.T) {
	a := transferAgent(t)
	r, ok := a.f.Bridge.Last("transfer-agents:")
	require.True(t, ok, "the panel asks who can take a call when the call connects")
	assert.Equal(t, "GET /api/v1/agent/transfer-agents", r.Method+" "+r.Path)

	st := a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|agent:abel.tuter"})
	assert.Empty(t, st.Calls[0].TransferChoice, "no agent is offered before the bridge says who can take a call")

	st = a.in(agentsAnswer(t, "abel.tuter"))
	st = a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|agent:zoe.out"})
	assert.Empty(t, st.Calls[0].TransferChoice, "a signed-out agent cannot be chosen")
	st = a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|agent:abel.tuter"})
	assert.Equal(t, "agent:abel.tuter", st.Calls[0].TransferChoice)

	n := a.f.Bridge.Count("transfer-agents:")
	a.in(cti.UIAction{Action: cti.ActTransferTargets})
	assert.Equal(t, n+1, a.f.Bridge.Count("transfer-agents:"), "coming to the list asks again")
	st = a.in(agentsAnswer(t))
	assert.Empty(t, st.Calls[0].TransferChoice, "Abel went away: the choice is dropped")
	st = a.in(cti.UIAction{Action: cti.ActTransfer, Value: "call-1"})
	assert.False(t, st.Calls[0].TransferAsk)
}

// A transfer the contact centre refused is shown as such; the caller stays.
func TestTransferRefused(t *testing.T) {
	a := transferAgent(t)
	a.in(agentsAnswer(t, "abel.tuter"))
	a.in(cti.UIAction{Action: cti.ActTransferChoose, Value: "call-1|agent:abel.tuter"},
		cti.UIAction{Action: cti.ActTransfer, Value: "call-1"}, cti.UIAction{Action: cti.ActTransferConfirm, Value: "call-1"})
	in, ok := a.f.Softphone.Refuse(fake.OpTransfer, cti.RefusalBadRequest, "There is no agent")
	require.True(t, ok)
	st := a.in(in)
	assert.Equal(t, cti.CallConnected, st.Calls[0].State)
	assert.Empty(t, st.Calls[0].TransferredTo)
	assert.Contains(t, st.Calls[0].TransferProblem, "Not transferred to Abel Tuter")
	assert.Contains(t, st.Calls[0].TransferProblem, "The caller is still with you")
	assert.Empty(t, st.Error, "said once, on the card")
	_, told := a.f.Bridge.Find("transfer:call-1")
	assert.False(t, told, "the bridge hears of no transfer that did not happen")
}
