//go:build !js

package vccsim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// TestLinkInstance: the first instance registered links the account, the
// same one again is fine, another is refused until the account is
// unlinked; each account has its own link.
func TestLinkInstance(t *testing.T) {
	sim := startAPISim(t, "", nil)
	write, read := sim.clientToken("admin:write"), sim.clientToken("admin:read")
	link := func(instance string) (int, []byte) {
		return sim.api(http.MethodPut, "/integrations/servicenow", write, map[string]string{"instanceUrl": instance})
	}

	status, b := sim.api(http.MethodGet, "/integrations/servicenow", read, nil)
	require.Equal(t, http.StatusNotFound, status, "%s", b)
	assert.Contains(t, decode[map[string]string](t, b)["message"], "not linked")

	status, b = link("https://Acme.service-now.com/")
	require.Equal(t, http.StatusOK, status, "%s", b)
	got := decode[instanceLink](t, b)
	assert.Equal(t, instanceLink{AccountID: "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3", InstanceURL: "https://acme.service-now.com",
		LinkedAt: "2026-03-02T09:00:00Z", LinkedBy: "vcc.admin"}, got)

	status, b = link("https://acme.service-now.com")
	require.Equal(t, http.StatusOK, status, "the same instance again: %s", b)
	assert.Equal(t, got, decode[instanceLink](t, b))

	status, b = link("https://other.service-now.com")
	require.Equal(t, http.StatusConflict, status, "%s", b)
	assert.Equal(t, map[string]string{"message": "This Vonage Contact Center account is already linked to the ServiceNow instance " +
		"https://acme.service-now.com. Unlink it in the VCC admin portal first."}, decode[map[string]string](t, b))

	status, b = sim.api(http.MethodGet, "/integrations/servicenow", read, nil)
	require.Equal(t, http.StatusOK, status, "%s", b)
	assert.Equal(t, got, decode[instanceLink](t, b))

	otherAdmin, err := sim.srv.issueAccessToken(mustUser(t, sim.srv, "other.admin"), "other-bridge", "admin:write")
	require.NoError(t, err)
	status, b = sim.api(http.MethodPut, "/integrations/servicenow", otherAdmin.Raw, map[string]string{"instanceUrl": "https://other.service-now.com"})
	require.Equal(t, http.StatusOK, status, "another account links its own instance: %s", b)

	status, b = sim.api(http.MethodDelete, "/integrations/servicenow", write, nil)
	require.Equal(t, http.StatusNoContent, status, "%s", b)
	status, b = link("https://other.service-now.com")
	require.Equal(t, http.StatusOK, status, "after unlinking: %s", b)
	assert.Equal(t, "https://other.service-now.com", decode[instanceLink](t, b).InstanceURL)
}

func TestLinkInstanceRefused(t *testing.T) {
	sim := startAPISim(t, "", nil)
	write := sim.clientToken("admin:write")
	supervisor, err := sim.srv.issueAccessToken(mustUser(t, sim.srv, "sam.supervisor"), "servicenow-bridge", "admin:write")
	require.NoError(t, err)
	valid := map[string]string{"instanceUrl": "https://acme.service-now.com"}
	cases := []struct {
		name   string
		method string
		token  string
		body   any
		accept string
		want   int
	}{
		{"no API version", http.MethodPut, write, valid, "application/json", http.StatusBadRequest},
		{"no token", http.MethodPut, "", valid, apiMediaType, http.StatusUnauthorized},
		{"read scope cannot link", http.MethodPut, sim.clientToken("admin:read"), valid, apiMediaType, http.StatusForbidden},
		{"read scope cannot unlink", http.MethodDelete, sim.clientToken("admin:read"), nil, apiMediaType, http.StatusForbidden},
		{"not an admin", http.MethodPut, supervisor.Raw, valid, apiMediaType, http.StatusForbidden},
		{"not JSON", http.MethodPut, write, []byte("instanceUrl=https://acme.service-now.com"), apiMediaType, http.StatusBadRequest},
		{"no instance", http.MethodPut, write, map[string]string{}, apiMediaType, http.StatusBadRequest},
		{"relative URL", http.MethodPut, write, map[string]string{"instanceUrl": "acme.service-now.com"}, apiMediaType, http.StatusBadRequest},
		{"another scheme", http.MethodPut, write, map[string]string{"instanceUrl": "ftp://acme.service-now.com"}, apiMediaType, http.StatusBadRequest},
		{"a page, not the instance", http.MethodPut, write, map[string]string{"instanceUrl": "https://acme.service-now.com/now/workspace"}, apiMediaType, http.StatusBadRequest},
		{"a query", http.MethodPut, write, map[string]string{"instanceUrl": "https://acme.service-now.com?x=1"}, apiMediaType, http.StatusBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, b := sim.api(tc.method, "/integrations/servicenow", tc.token, tc.body, tc.accept)
			assert.Equal(t, tc.want, status, "%s", b)
			assert.NotEmpty(t, b, "every refusal says why")
		})
	}
	status, b := sim.api(http.MethodGet, "/integrations/servicenow", write, nil)
	assert.Equal(t, http.StatusNotFound, status, "nothing was linked: %s", b)
}

// TestSoftphoneInstanceMismatch: once the account is linked, only panels in
// that instance open softphone sessions; before, any instance may.
func TestSoftphoneInstanceMismatch(t *testing.T) {
	sim := startACDSim(t, nil)
	open := func(clientID, instance string) vccproto.Envelope {
		sp := dialSoftphone(t, sim.URL, clientID)
		return sp.request(vccproto.TypeHello, vccproto.Hello{Token: sim.token("beth.anglin"), Takeover: true,
			Client: vccproto.Client{ID: clientID, Instance: instance}})
	}
	require.Equal(t, vccproto.TypeWelcome, open("before", "https://anywhere.service-now.com").Type, "an unlinked account takes any instance")

	status, b := sim.api(http.MethodPut, "/integrations/servicenow", sim.clientToken("admin:write"),
		map[string]string{"instanceUrl": "http://localhost:8701"})
	require.Equal(t, http.StatusOK, status, "%s", b)

	cases := []struct {
		name     string
		instance string
		welcome  bool
	}{
		{"the linked instance", "http://localhost:8701", true},
		{"the linked instance, spelled differently", "HTTP://LOCALHOST:8701/", true},
		{"another instance", "https://acme.service-now.com", false},
		{"another port", "http://localhost:8799", false},
		{"no instance", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reply := open(tc.name, tc.instance)
			if tc.welcome {
				require.Equal(t, vccproto.TypeWelcome, reply.Type, "%s", reply.Data)
				return
			}
			e := errorOf(t, reply, vccproto.ErrCodeAccount)
			assert.Contains(t, e.Message, "linked to the ServiceNow instance http://localhost:8701")
			assert.Contains(t, e.Message, "ask your VCC administrator")
		})
	}
}
