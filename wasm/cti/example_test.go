package cti_test

import (
	"fmt"

	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/fake"
)

// A softphone adapter is all a deployment on another contact centre's
// signaling writes: it implements cti.Softphone and posts what its service
// says as the core's inputs. Here the fake adapter plays one: the core asks
// it to connect and open the session, and the agent is online once it says
// the session is welcomed.
func ExampleSoftphone() {
	ports := fake.NewPorts()
	c := cti.NewConnector(cti.Config{ClientID: "tab-1"}, ports.Ports(), nil)

	c.Handle(cti.UIAction{Action: cti.ActSignIn})
	c.Handle(cti.SignInResult{Token: cti.Token{AccessToken: "token"}})
	fmt.Println("asked:", ports.Softphone.Take())

	c.Handle(cti.SoftphoneConnected{})
	open, _ := ports.Softphone.Last(fake.OpOpen)
	fmt.Println("session for", open.Session.ClientID)

	c.Handle(cti.SessionWelcomed{
		User:     cti.SessionUser{UserName: "beth.anglin"},
		Presence: cti.Presence{ID: "p-away", Description: "Away", Category: cti.PresenceCategoryAway, Selectable: true},
	})
	st := c.State()
	fmt.Println(st.User, st.Connection, st.Presence)
	// Output:
	// asked: [Connect]
	// session for tab-1
	// beth.anglin online Away
}
