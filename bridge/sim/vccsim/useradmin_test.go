//go:build !js

package vccsim

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userAdminAccept is the User Admin API's version 4 media type.
const userAdminAccept = "application/vnd.newvoicemedia.v4+json"

// TestGetUser: the documented user object, lastLoginTime once the user
// signed in.
func TestGetUser(t *testing.T) {
	sim := startAPISim(t, "", nil)
	admin := sim.clientToken("users:read")
	status, b := sim.api(http.MethodGet, "/useradmin/users/"+bethID, admin, nil, userAdminAccept)
	require.Equal(t, http.StatusOK, status, "%s", b)
	assert.JSONEq(t, `{"userId":"`+bethID+`","username":"beth.anglin","name":"Beth Anglin","email":"beth.anglin@example.com",
		"lastLoginTime":null,"active":true,"locked":false,
		"userAccountConfiguration":{"role":"Agent","actAsAgent":true,
			"agentConfiguration":{"agentDisplayId":"1001","webrtc":true,"enforcedDispositionCodes":false}}}`, string(b))

	beth := sim.signIn("beth.anglin").AccessToken
	status, b = sim.api(http.MethodGet, "/useradmin/users/"+bethID, beth, nil, userAdminAccept)
	require.Equal(t, http.StatusOK, status, "an agent reads their own user: %s", b)
	got := decode[adminUser](t, b)
	require.NotNil(t, got.LastLoginTime)
	assert.Equal(t, sim.clock.Now().Format("2006-01-02T15:04:05.000Z"), *got.LastLoginTime)

	status, b = sim.api(http.MethodGet, "/useradmin/users/"+supervisorID, admin, nil, userAdminAccept)
	require.Equal(t, http.StatusOK, status, "%s", b)
	assert.JSONEq(t, `{"role":"Supervisor","actAsAgent":false}`, string(mustJSON(t, decode[adminUser](t, b).Configuration)),
		"no agentConfiguration for a user who is not an agent")
}

func TestGetUserRefusals(t *testing.T) {
	sim := startAPISim(t, "", nil)
	admin := sim.clientToken("users:read")
	beth := sim.signIn("beth.anglin").AccessToken
	for _, tc := range []struct {
		name, id, token, accept string
		want                    int
		wantBody                string
	}{
		{"no version", bethID, admin, "application/json", 400,
			`{"error":{"code":"ApiVersionUnspecified","message":"An API version is required, but was not specified."}}`},
		{"version 1", bethID, admin, apiMediaType, 400, ""},
		{"no token", bethID, "", userAdminAccept, 401, `{"message":"Authorization has been denied for this request."}`},
		{"write scope only", bethID, sim.clientToken("users:write"), userAdminAccept, 403, ""},
		{"an agent reads another", abelID, beth, userAdminAccept, 403, ""},
		{"another account's user", zoeID, admin, userAdminAccept, 404, ""},
		{"an unknown user", newGUID(), admin, userAdminAccept, 404, ""},
		{"not a GUID", "beth.anglin", admin, userAdminAccept, 400, `{"message":"The request is invalid."}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, b := sim.api(http.MethodGet, "/useradmin/users/"+tc.id, tc.token, nil, tc.accept)
			assert.Equal(t, tc.want, status, "%s", b)
			if tc.wantBody != "" {
				assert.JSONEq(t, tc.wantBody, string(b))
			}
		})
	}
}

// mustJSON marshals v or fails the test.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
