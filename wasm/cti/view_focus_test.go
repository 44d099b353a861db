package cti

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/wasm/ui"
)

// testIDs is a DOM that remembers which element got each data-testid.
type testIDs struct {
	*ui.MemDOM
	elems map[string][]int
}

func (d *testIDs) SetAttr(h int, name, value string) {
	if name == "data-testid" {
		d.elems[value] = append(d.elems[value], h)
	}
	d.MemDOM.SetAttr(h, name, value)
}

// Answer and Mute are different elements: the tree never turns the button
// the agent had focus on (Answer) into Mute, so a second space cannot mute.
func TestViewAnswerIsNeverMute(t *testing.T) {
	dom := &testIDs{MemDOM: ui.NewMemDOM(), elems: map[string][]int{}}
	tree := ui.NewTree(dom, 1)
	s := signedIn()
	s.Calls = []Call{{State: CallRinging, InteractionSysID: "ix1", ID: "c1", Queue: "support"}}
	tree.Render(View(s, now)...)
	s.Calls[0].State = CallConnected
	tree.Render(View(s, now)...)
	require.Len(t, dom.elems["answer"], 1)
	require.Len(t, dom.elems["mute"], 1)
	assert.NotEqual(t, dom.elems["answer"][0], dom.elems["mute"][0])
	assert.NotEqual(t, dom.elems["incoming-call"][0], dom.elems["active-call"][0], "the ringing card goes, the call's card comes")
}

// Selects that act commit once (data-commit): the painter sends Status on
// Enter or when the agent leaves the list, not on every arrow step.
func TestViewSelectsThatActCommitOnce(t *testing.T) {
	s := signedIn()
	s.Outputs = []Device{{ID: "d1", Label: "Headset"}}
	root := render(s)
	for _, id := range []string{"presence", "speaker", "ringer"} {
		_, ok := root.Find(id).Attr("data-commit")
		assert.True(t, ok, id)
	}
}
