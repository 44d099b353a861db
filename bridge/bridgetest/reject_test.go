//go:build !js

package bridgetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/api"
)

// The panel's Reject gives no reason; AWA's Inbox Actions API requires one:
// the bridge gives the Phone channel's first, and AWA takes the reject.
func TestRejectInThePanel(t *testing.T) {
	env := Start(t)
	beth := env.ReadyAgent("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	ix := env.WaitInteraction(id, "created", InState("new"))
	wi := beth.WaitOffer(ix["sys_id"])
	var view api.Interaction
	require.Equal(t, http.StatusOK, beth.API("POST", "/api/v1/interactions/"+ix["sys_id"]+"/reject", api.Reject{WorkItemID: wi}, &view))
	item := env.Record("awa_work_item", wi)
	assert.Equal(t, "true", item["rejected"])
	assert.Empty(t, item["assigned_to"], "offered to no one until another agent is available")
	rejections := env.Records("awa_work_item_rejection", "work_item="+wi)
	require.Len(t, rejections, 1)
	reasons := env.Records("awa_reject_reason", "sys_id="+rejections[0]["reject_reason"])
	require.Len(t, reasons, 1)
	assert.Equal(t, "Busy", reasons[0]["name"], "the Phone channel's first reason by order")
}

// A deployment names its reason: the bridge gives AWA that one.
func TestRejectWithTheConfiguredReason(t *testing.T) {
	env := Start(t, Options{RejectReason: "not my expertise"})
	beth := env.ReadyAgent("beth.anglin")
	id := env.PlaceCall("+14155550201", "support")
	ix := env.WaitInteraction(id, "created", InState("new"))
	wi := beth.WaitOffer(ix["sys_id"])
	var view api.Interaction
	require.Equal(t, http.StatusOK, beth.API("POST", "/api/v1/interactions/"+ix["sys_id"]+"/reject", api.Reject{WorkItemID: wi}, &view))
	rejections := env.Records("awa_work_item_rejection", "work_item="+wi)
	require.Len(t, rejections, 1)
	reasons := env.Records("awa_reject_reason", "sys_id="+rejections[0]["reject_reason"])
	require.Len(t, reasons, 1)
	assert.Equal(t, "Not my expertise", reasons[0]["name"], "the configured reason, by its name in any case")
}
