//go:build !js

package e2e_test

import (
	"fmt"

	"github.com/vccnow/connector/bridge/e2e"
	"github.com/vccnow/connector/wasm/cti"
)

// Start the stack and sign an agent in: a click on Sign in opens VCC's
// sign-in window, where the agent types their user name and password.
func ExampleStart() {
	err := e2e.NewRunner("ExampleStart", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		panel := env.OpenWorkspace("beth.anglin").Panel()
		panel.WaitVisible("login")
		st := panel.SignIn("beth.anglin", e2e.DemoPassword)
		fmt.Println("signed in:", st.SignedIn, st.User)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: signed in: true beth.anglin
}

// Place a call and answer it: Julie Lewis rings the support queue, AWA
// offers the call to Beth, her panel rings, she answers and sees who calls.
func ExampleEnv_PlaceCall() {
	err := e2e.NewRunner("ExampleEnv_PlaceCall", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		panel := env.OpenWorkspace("beth.anglin").Panel()
		panel.GoReady("beth.anglin")
		id := env.PlaceCall("+14155550201", "support")
		call := panel.Answer(id)
		fmt.Println(call.State, call.CallerName)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: connected Julie Lewis
}

// Reload mid-call: the panel paints the call from its snapshot, resumes
// the VCC session and reconnects the audio; the caller stays on the line.
func ExampleWorkspace_ReloadAll() {
	err := e2e.NewRunner("ExampleWorkspace_ReloadAll", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		ws := env.OpenWorkspace("beth.anglin")
		panel := ws.Panel()
		panel.GoReady("beth.anglin")
		id := env.PlaceCall("+14155550121", "servicedesk")
		panel.Answer(id)

		panel = ws.ReloadAll() // the agent presses F5
		st := panel.WaitState("the call painted", func(s cti.State) bool { _, ok := e2e.Call(s, id); return ok })
		_, fromSnapshot := st.Timings["restored"]
		panel.WaitCall(id, cti.CallConnected)
		caller := env.WaitSimCall(id, "connected again", func(c e2e.SimCall) bool { return c.State == "connected" })
		fmt.Println("painted from the snapshot:", fromSnapshot)
		fmt.Println("the caller's call:", caller.State)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// painted from the snapshot: true
	// the caller's call: connected
}

// Open a second tab: it follows the leading tab and mirrors its session;
// when the leading tab closes, it leads.
func ExampleEnv_OpenWorkspace_secondTab() {
	err := e2e.NewRunner("ExampleEnv_OpenWorkspace_secondTab", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		first := env.OpenWorkspace("beth.anglin")
		lead := first.Panel()
		lead.GoReady("beth.anglin")

		second := env.OpenWorkspace("beth.anglin") // the same browser: a second tab
		follow := second.Panel()
		st := follow.WaitState("following", func(s cti.State) bool { return s.SignedIn && s.TabRole == cti.RoleFollower })
		fmt.Println("second tab:", st.TabRole, st.Presence)

		first.Close()
		st = follow.WaitState("leading", func(s cti.State) bool { return s.TabRole == cti.RoleLeader })
		fmt.Println("after the first tab closed:", st.TabRole)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// second tab: follower Ready
	// after the first tab closed: leader
}

// Read the interaction's records: after the wrap-up the call's one
// interaction is closed with the disposition in its work notes, and related
// to the caller's open incident.
func ExampleEnv_WaitInteraction() {
	err := e2e.NewRunner("ExampleEnv_WaitInteraction", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		panel := env.OpenWorkspace("abel.tuter").Panel()
		panel.GoReady("abel.tuter")
		id := env.PlaceCall("+14155550121", "servicedesk") // Fred Luddy, INC0000103 open
		panel.Answer(id)
		panel.WrapUp(id, "Resolved")

		ix := env.WaitInteraction(id, "closed", func(ix map[string]string) bool { return ix["state"] == "closed_complete" })
		var links []map[string]string
		env.Records("interaction_related_record", "interaction="+ix["sys_id"], &links)
		var incidents []map[string]string
		env.Records("incident", "sys_id="+links[0]["document_id"], &incidents)
		fmt.Println(ix["state"], ix["caller_phone_number"], ix["direction"])
		fmt.Println("related:", links[0]["document_table"], incidents[0]["number"])
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// closed_complete +14155550121 inbound
	// related: incident INC0000103
}

// Check two-way audio: VCC receives the agent's microphone, and the
// browser receives the caller's voice.
func ExampleEnv_WaitSimCall() {
	err := e2e.NewRunner("ExampleEnv_WaitSimCall", nil).Run(func(t e2e.T) {
		env := e2e.Start(t)
		panel := env.OpenWorkspace("beth.anglin").Panel()
		panel.GoReady("beth.anglin")
		id := env.PlaceCall("+14155550301", "support")
		panel.Answer(id)

		atVCC := env.WaitSimCall(id, "audio both ways", func(c e2e.SimCall) bool {
			return c.Media.RTPFromAgent > 50 && c.Media.RTPToAgent > 50
		})
		inBrowser := panel.WaitState("the caller heard", func(s cti.State) bool {
			return s.Quality != nil && s.Quality.PacketsReceived > 50
		})
		fmt.Println("VCC hears the agent:", atVCC.Media.RTPFromAgent > 50)
		fmt.Println("the agent hears the caller:", inBrowser.Quality.PacketsReceived > 50)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// VCC hears the agent: true
	// the agent hears the caller: true
}
