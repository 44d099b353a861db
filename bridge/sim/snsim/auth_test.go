package snsim

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBasicAuth(t *testing.T) {
	tests := []struct {
		name       string
		user, pass string
		noAuth     bool
		header     map[string]string
		status     int
	}{
		{"integration user", "vcc.integration", "integration", false, nil, http.StatusOK},
		{"agent", "beth.anglin", "demo", false, nil, http.StatusOK},
		{"admin", "admin", "admin", false, nil, http.StatusOK},
		{"wrong password", "beth.anglin", "nope", false, nil, http.StatusUnauthorized},
		{"unknown user", "nobody", "demo", false, nil, http.StatusUnauthorized},
		{"user without a password", "david.miller", "", false, nil, http.StatusUnauthorized},
		{"no credentials", "", "", true, nil, http.StatusUnauthorized},
		{"malformed Authorization", "", "", true, map[string]string{"Authorization": "Basic !!!"}, http.StatusUnauthorized},
		{"unknown bearer token", "", "", true, map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"unknown session token", "", "", true, map[string]string{"X-UserToken": "nope"}, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			rec := f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", user: tc.user, pass: tc.pass, noAuth: tc.noAuth, header: tc.header})
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			if tc.status == http.StatusUnauthorized {
				assert.JSONEq(t, `{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}`, rec.Body.String())
				assert.NotEmpty(t, rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestBasicAuthRefusesInactiveUsers(t *testing.T) {
	f := newRESTFixture(t)
	_, err := f.s.DB.Update("sys_user", bethID, Record{"active": "false"}, "system")
	require.NoError(t, err)
	errorOf(t, f.do(restReq{path: "/api/now/table/sys_user", user: "beth.anglin", pass: "demo"}), http.StatusUnauthorized)
	_, err = f.s.DB.Update("sys_user", bethID, Record{"active": "true", "locked_out": "true"}, "system")
	require.NoError(t, err)
	errorOf(t, f.do(restReq{path: "/api/now/table/sys_user", user: "beth.anglin", pass: "demo"}), http.StatusUnauthorized)
}

// token posts a form to /oauth_token.do.
func (f *restFixture) token(form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(restReq{method: http.MethodPost, path: "/oauth_token.do", body: form.Encode(), noAuth: true,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
}

func passwordGrant(user, pass string) url.Values {
	return url.Values{"grant_type": {"password"}, "client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}, "username": {user}, "password": {pass}}
}

func TestOAuthPasswordGrantAndExpiry(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.token(passwordGrant("vcc.integration", "integration"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	tok := decodeAs[tokenResponse](t, rec)
	assert.Equal(t, "useraccount", tok.Scope)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.Equal(t, 1799, tok.ExpiresIn)
	require.NotEmpty(t, tok.AccessToken)
	require.NotEmpty(t, tok.RefreshToken)

	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	rec = f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", noAuth: true, header: bearer, body: map[string]string{"type": "phone"}})
	assert.Equal(t, "vcc.integration", resultOne(t, rec, http.StatusCreated)["sys_created_by"], "the token acts as its user")

	f.clock = f.clock.Add(1799 * time.Second)
	assert.Equal(t, http.StatusOK, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: bearer}).Code)
	f.clock = f.clock.Add(time.Second)
	errorOf(t, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: bearer}), http.StatusUnauthorized)

	refresh := url.Values{"grant_type": {"refresh_token"}, "client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}, "refresh_token": {tok.RefreshToken}}
	rec = f.token(refresh)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	again := decodeAs[tokenResponse](t, rec)
	assert.NotEqual(t, tok.AccessToken, again.AccessToken)
	assert.Equal(t, tok.RefreshToken, again.RefreshToken, "the refresh token stays the same")
	assert.Equal(t, http.StatusOK, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: map[string]string{"Authorization": "Bearer " + again.AccessToken}}).Code)

	f.clock = f.clock.Add(100 * 24 * time.Hour)
	assert.Equal(t, http.StatusUnauthorized, f.token(refresh).Code, "refresh tokens expire after refresh_token_lifespan")
}

func TestOAuthClientCredentials(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.token(url.Values{"grant_type": {"client_credentials"}, "client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}})
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	tok := decodeAs[tokenResponse](t, rec)
	assert.Empty(t, tok.RefreshToken, "no refresh token for client credentials (RFC 6749 4.4.3)")
	rec = f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", noAuth: true,
		header: map[string]string{"Authorization": "Bearer " + tok.AccessToken}, body: map[string]string{"type": "phone"}})
	assert.Equal(t, "vcc.integration", resultOne(t, rec, http.StatusCreated)["sys_created_by"], "the client's application user")

	basic := f.do(restReq{method: http.MethodPost, path: "/oauth_token.do", body: "grant_type=client_credentials", user: "vcc-bridge", pass: "bridge-secret",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
	assert.Equal(t, http.StatusOK, basic.Code, "client credentials may come by HTTP Basic")
}

func TestOAuthErrors(t *testing.T) {
	tests := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"no grant type", url.Values{"client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}}, http.StatusBadRequest, "invalid_request"},
		{"unsupported grant", url.Values{"grant_type": {"authorization_code"}, "client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}}, http.StatusBadRequest, "unsupported_grant_type"},
		{"no client", url.Values{"grant_type": {"password"}, "username": {"vcc.integration"}, "password": {"integration"}}, http.StatusBadRequest, "invalid_request"},
		{"wrong secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {"vcc-bridge"}, "client_secret": {"nope"}}, http.StatusUnauthorized, "access_denied"},
		{"inactive client", url.Values{"grant_type": {"client_credentials"}, "client_id": {"retired-client"}, "client_secret": {"retired-secret"}}, http.StatusUnauthorized, "access_denied"},
		{"wrong password", passwordGrant("vcc.integration", "nope"), http.StatusUnauthorized, "access_denied"},
		{"missing password", passwordGrant("vcc.integration", ""), http.StatusBadRequest, "invalid_request"},
		{"unknown refresh token", url.Values{"grant_type": {"refresh_token"}, "client_id": {"vcc-bridge"}, "client_secret": {"bridge-secret"}, "refresh_token": {"nope"}}, http.StatusUnauthorized, "access_denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			rec := f.token(tc.form)
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			got := decodeAs[map[string]string](t, rec)
			assert.Equal(t, tc.code, got["error"])
			assert.NotEmpty(t, got["error_description"])
		})
	}
	f := newRESTFixture(t)
	rec := f.do(restReq{method: http.MethodPost, path: "/oauth_token.do", body: map[string]string{"grant_type": "password"}, noAuth: true})
	assert.Equal(t, http.StatusBadRequest, rec.Code, "a JSON body is refused: the endpoint takes forms")
	assert.Equal(t, http.StatusMethodNotAllowed, f.do(restReq{path: "/oauth_token.do", noAuth: true}).Code)
}

func TestUserTokenAndRevocation(t *testing.T) {
	f := newRESTFixture(t)
	beth, err := f.s.DB.Get("sys_user", bethID)
	require.NoError(t, err)
	session := map[string]string{"X-UserToken": f.s.issueUserToken(beth)}
	rec := f.do(restReq{method: http.MethodPost, path: "/api/now/table/interaction", noAuth: true, header: session, body: map[string]string{"type": "phone"}})
	assert.Equal(t, "beth.anglin", resultOne(t, rec, http.StatusCreated)["sys_created_by"])

	tok := decodeAs[tokenResponse](t, f.token(passwordGrant("beth.anglin", "demo")))
	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	assert.Equal(t, http.StatusOK, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: bearer}).Code)

	assert.Equal(t, http.StatusNoContent, f.do(restReq{method: http.MethodDelete, path: "/sim/tokens"}).Code)
	errorOf(t, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: session}), http.StatusUnauthorized)
	errorOf(t, f.do(restReq{path: "/api/now/table/sys_user?sysparm_limit=1", noAuth: true, header: bearer}), http.StatusUnauthorized)
}

func TestHasRole(t *testing.T) {
	tests := []struct {
		user, role string
		want       bool
	}{
		{"admin", "awa_integration_user", true},
		{"admin", "anything_at_all", true},
		{"beth.anglin", "itil", true},
		{"beth.anglin", "awa_agent", true},
		{"beth.anglin", "awa_integration_user", false},
		{"beth.anglin", "admin", false},
		{"vcc.integration", "awa_integration_user", true},
		{"vcc.integration", "sn_openframe_api_user", true},
		{"vcc.integration", "admin", false},
		{"report.viewer", "itil", false},
	}
	f := newRESTFixture(t)
	for _, tc := range tests {
		t.Run(tc.user+" "+tc.role, func(t *testing.T) {
			u, ok := f.s.user(tc.user)
			require.True(t, ok)
			assert.Equal(t, tc.want, f.s.hasRole(u, tc.role))
		})
	}
}

func TestTableACLs(t *testing.T) {
	tests := []struct {
		name    string
		req     restReq
		status  int
		message string
	}{
		{"viewer may read users", restReq{path: "/api/now/table/sys_user", user: "report.viewer", pass: "viewer"}, http.StatusOK, ""},
		{"viewer may not query interactions", restReq{path: "/api/now/table/interaction", user: "report.viewer", pass: "viewer"}, http.StatusForbidden, "Insufficient rights to query records"},
		{"viewer may not read an incident", restReq{path: "/api/now/table/incident/" + inc101ID, user: "report.viewer", pass: "viewer"}, http.StatusForbidden, "Insufficient rights to query records"},
		{"viewer may not create an incident", restReq{method: http.MethodPost, path: "/api/now/table/incident", user: "report.viewer", pass: "viewer", body: map[string]string{}}, http.StatusForbidden, "Operation Failed"},
		{"viewer may not change a user", restReq{method: http.MethodPatch, path: "/api/now/table/sys_user/" + davidID, user: "report.viewer", pass: "viewer", body: map[string]string{"phone": "+1"}}, http.StatusForbidden, "Operation Failed"},
		{"agent may not read OAuth clients", restReq{path: "/api/now/table/oauth_entity", user: "beth.anglin", pass: "demo"}, http.StatusForbidden, "Insufficient rights to query records"},
		{"integration may create incidents", restReq{method: http.MethodPost, path: "/api/now/table/incident", body: map[string]string{"short_description": "x"}}, http.StatusCreated, ""},
		{"integration may write phone logs", restReq{method: http.MethodPost, path: "/api/now/table/sn_openframe_phone_log", body: map[string]string{"call_id": "c"}}, http.StatusCreated, ""},
		{"integration may not delete users", restReq{method: http.MethodDelete, path: "/api/now/table/sys_user/" + davidID}, http.StatusForbidden, "Operation Failed"},
		{"admin may do anything", restReq{method: http.MethodDelete, path: "/api/now/table/sys_user/" + davidID, user: "admin", pass: "admin"}, http.StatusNoContent, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			rec := f.do(tc.req)
			if tc.message == "" {
				assert.Equal(t, tc.status, rec.Code, rec.Body.String())
				return
			}
			e := errorOf(t, rec, tc.status)
			assert.Equal(t, tc.message, e.Error.Message)
			assert.True(t, strings.Contains(*e.Error.Detail, "needs one of the roles"), *e.Error.Detail)
		})
	}
}
