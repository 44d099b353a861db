//go:build !js

package bridgetest

import (
	"testing"

	"github.com/vccnow/connector/wasm/softphone/softphonetest"
)

// Softphone plays the agent panel's side of VCC's softphone signaling: the
// shared test panel of package softphonetest (the WebSocket, and a
// softphone.Session on a pion peer that sends silent Opus), so VCC sees
// connected media and lets the agent go Ready and take calls.
type Softphone = softphonetest.Client

// dialSoftphone opens the signaling socket and signs in with token, taking
// over any other session of the agent, for a panel in the ServiceNow
// instance at instance.
func dialSoftphone(t testing.TB, vccURL, instance, token, clientID string) *Softphone {
	t.Helper()
	sp := softphonetest.Dial(t, vccURL, clientID, softphonetest.Options{
		Instance: instance, Browser: "bridgetest softphone", Timeout: Timeout})
	sp.SignIn(token, "", true)
	return sp
}
