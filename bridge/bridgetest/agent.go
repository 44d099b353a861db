//go:build !js

package bridgetest

import (
	"encoding/json"
	"net/http"

	"github.com/vccnow/connector/wasm/api"
	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Agent plays an agent and their panel: a VCC token, a softphone with
// connected media, and the bridge's agent API with that token.
type Agent struct {
	env      *Env
	UserName string
	// Token is the agent's VCC access token.
	Token string
	// SysID is the agent's sys_user in ServiceNow.
	SysID string
	Phone *Softphone
}

// SignIn signs an agent in to VCC and connects their softphone's media.
// Their panel is not open at the bridge until OpenPanel.
func (e *Env) SignIn(userName string) *Agent {
	e.t.Helper()
	a := &Agent{env: e, UserName: userName, Token: e.MintToken(userName)}
	users := e.Records("sys_user", "user_name="+userName)
	if len(users) != 1 {
		e.t.Fatalf("want one sys_user %s, found %d", userName, len(users))
	}
	a.SysID = users[0]["sys_id"]
	a.Phone = dialSoftphone(e.t, e.VCCURL, e.SNURL, a.Token, "bridgetest-"+userName)
	a.Phone.ConnectMedia()
	e.Eventually("VCC to see "+userName+"'s media connected", func() bool {
		var v struct {
			Sessions []struct {
				Media string `json:"media"`
			} `json:"sessions"`
		}
		e.control(e.VCCURL, "GET", "/sim/agents/"+userName, nil, &v)
		return len(v.Sessions) == 1 && v.Sessions[0].Media == "connected"
	})
	return a
}

// OpenPanel registers the agent's panel at the bridge (the panel's first
// call after sign-in, renewed every 30 s): while it is open the panel, not
// the bridge, keeps AWA's presence in step.
func (a *Agent) OpenPanel() api.SessionInfo {
	a.env.t.Helper()
	var info api.SessionInfo
	a.MustAPI("POST", "/api/v1/agent/session", api.Session{Client: "bridgetest"}, &info)
	return info
}

// SetPresence sets the agent's VCC presence by description ("Ready",
// "Break"), as the panel's presence menu does: through the bridge, which
// sets it with VCC's Agents API.
func (a *Agent) SetPresence(description string) {
	a.env.t.Helper()
	for _, p := range a.Phone.Welcome.Presences {
		if p.Description == description {
			var got api.Presence
			a.MustAPI("PUT", "/api/v1/agent/presence", api.SetPresence{PresenceID: p.PresenceID}, &got)
			if got.PresenceID != p.PresenceID {
				a.env.t.Fatalf("%s asked for %s; VCC holds %+v", a.UserName, description, got)
			}
			return
		}
	}
	a.env.t.Fatalf("%s's account has no presence %q", a.UserName, description)
}

// GoReady makes the agent Ready at VCC and waits for AWA to show them
// Available: the bridge carries VCC's presence to AWA (AWA Agent API),
// panel or not.
func (a *Agent) GoReady() {
	a.env.t.Helper()
	a.SetPresence("Ready")
	a.env.Eventually(a.UserName+" Available in AWA", func() bool { return a.AWAPresence() == "Available" })
}

// SetAWAPresence sets the agent's AWA presence by name, as the workspace's
// presence menu (or a supervisor through the AWA Agent API) does.
func (a *Agent) SetAWAPresence(name string) {
	e := a.env
	e.t.Helper()
	states := e.Records("awa_presence_state", "name="+name)
	if len(states) != 1 {
		e.t.Fatalf("want one AWA presence state %q, found %d", name, len(states))
	}
	body := map[string]any{"presence": map[string]string{"sys_id": states[0]["sys_id"]}}
	if status := e.do("PUT", e.SNURL+"/api/now/awa/agents/"+a.SysID, admin, nil, body, nil); status != http.StatusOK {
		e.t.Fatalf("set %s's AWA presence to %s: status %d", a.UserName, name, status)
	}
}

// AWAPresence is the name of the agent's AWA presence state.
func (a *Agent) AWAPresence() string {
	e := a.env
	e.t.Helper()
	var out struct {
		Result struct {
			Presence struct {
				Name string `json:"name"`
			} `json:"presence"`
		} `json:"result"`
	}
	e.do("GET", e.SNURL+"/api/now/awa/agents/"+a.SysID, admin, nil, nil, &out)
	return out.Result.Presence.Name
}

// API calls the bridge's agent API with the agent's token and returns the
// status; out receives the answer (an api.Error when it failed).
func (a *Agent) API(method, path string, body, out any) int {
	a.env.t.Helper()
	return a.env.do(method, a.env.BridgeURL+path, "", http.Header{"Authorization": {"Bearer " + a.Token}}, body, out)
}

// MustAPI calls the agent API and fails the test unless it answers 200.
func (a *Agent) MustAPI(method, path string, body, out any) {
	a.env.t.Helper()
	var raw json.RawMessage
	if status := a.API(method, path, body, &raw); status != http.StatusOK {
		a.env.t.Fatalf("%s's %s %s: %d %s", a.UserName, method, path, status, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			a.env.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
		}
	}
}

// WaitOffer waits until AWA offers the interaction to the agent and
// returns the work item's sys_id (what the panel gets from
// openframe_awa_workitem_offered).
func (a *Agent) WaitOffer(interaction string) string {
	e := a.env
	e.t.Helper()
	var id string
	e.Eventually("an offer of "+interaction+" to "+a.UserName, func() bool {
		wis := e.Records("awa_work_item", "document_id="+interaction+"^state=pending_accept^assigned_to="+a.SysID)
		if len(wis) > 0 {
			id = wis[0]["sys_id"]
		}
		return id != ""
	})
	return id
}

// Answer takes an offered call as the panel does: the bridge accepts the
// work item in AWA and tells VCC to connect the caller, and the softphone
// sees the call connected.
func (a *Agent) Answer(interaction, vccID string) api.Interaction {
	a.env.t.Helper()
	wi := a.WaitOffer(interaction)
	var ix api.Interaction
	a.MustAPI("POST", "/api/v1/interactions/"+interaction+"/accept", api.Accept{WorkItemID: wi}, &ix)
	a.Phone.AwaitCall(vccID, vccproto.CallConnected)
	return ix
}

// HangUp ends the call from the agent's side; it goes to wrap-up.
func (a *Agent) HangUp(vccID string) {
	a.env.t.Helper()
	a.Phone.Do(vccproto.TypeHangup, vccproto.CallRef{CallID: vccID})
	a.Phone.AwaitCall(vccID, vccproto.CallWrapUp)
}

// WrapUp ends wrap-up with a disposition and notes, at VCC and at the
// bridge, as the panel's wrap-up form does.
func (a *Agent) WrapUp(vccID, disposition, notes string) {
	a.env.t.Helper()
	a.Phone.Do(vccproto.TypeWrapUp, vccproto.WrapUp{CallID: vccID, Disposition: disposition, Notes: notes})
	a.MustAPI("POST", "/api/v1/calls/"+vccID+"/wrapup", api.WrapUp{Disposition: disposition, Notes: notes}, nil)
}

// ReadyAgent signs an agent in, opens their panel and makes them Ready:
// how a shift starts.
func (e *Env) ReadyAgent(userName string) *Agent {
	e.t.Helper()
	a := e.SignIn(userName)
	a.OpenPanel()
	a.GoReady()
	return a
}

// TakeCall places a call from a number into a queue and has the agent
// answer it once the bridge has created its interaction; it returns the
// VCC id and the interaction as created.
func (a *Agent) TakeCall(from, queue string) (string, Record) {
	a.env.t.Helper()
	id := a.env.PlaceCall(from, queue)
	ix := a.env.WaitInteraction(id, "created", InState("new"))
	a.Answer(ix["sys_id"], id)
	return id, ix
}
