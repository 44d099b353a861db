package cti

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The caller's number is written for people, with E.164 in its tooltip; a
// call is never "Unknown caller" before the bridge has said who calls;
// hold has a timer; the record is a link that opens it in the workspace.
func TestCallCardDetails(t *testing.T) {
	s := State{SignedIn: true, Calls: []Call{{State: CallRinging, ID: "call-1"}}}
	assert.Equal(t, "Caller", render(s).Find("caller-name").TextContent(), "a neutral placeholder until the details come")

	s.Calls[0] = Call{State: CallHeld, ID: "call-1", InteractionSysID: "ix1", Detailed: true, CallerName: "Julie Lewis",
		From: "+14155550201", FromDisplay: "(415) 555-0201", HeldAt: "2026-11-24T08:59:48Z", AnsweredAt: "2026-11-24T08:58:00Z",
		Record: &Record{Table: "sn_customerservice_case", SysID: "case1", Number: "CS0001001", Label: "Router down"}}
	root := render(s)
	number := root.Find("caller-number")
	assert.Equal(t, "(415) 555-0201", number.TextContent())
	assert.Equal(t, "+14155550201", attr(number, "title"))
	assert.Equal(t, "0:42", root.Find("hold-timer").TextContent())
	assert.Equal(t, "2:30", root.Find("call-timer").TextContent())
	link := root.Find("open-record")
	require.NotNil(t, link)
	assert.Equal(t, ActOpenRecord, attr(link, "data-action"))
	assert.Equal(t, "0123456789*#", attr(root.Find("keypad"), "data-keys"))

	s.Calls[0].CallerName = ""
	name := render(s).Find("caller-name")
	assert.Equal(t, "(415) 555-0201", name.TextContent())
	assert.Equal(t, "+14155550201", attr(name, "title"))
}
