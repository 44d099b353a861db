package vcc

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const panelOrigin = "https://connector.example"

// The panel takes a message as its sign-in's answer only from its own
// origin, of the callback's type, with the state it sent.
func TestReadCallback(t *testing.T) {
	p := PKCE{Verifier: "v", Challenge: "c", State: "good"}
	cases := []struct {
		name      string
		origin    string
		ownOrigin string
		data      string
		want      AuthResponse
		wantErr   error
	}{
		{"code", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"good","iss":"https://idp.example"}`,
			AuthResponse{Code: "abc", State: "good", Issuer: "https://idp.example"}, nil},
		{"provider error", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","error":"access_denied","error_description":"no","state":"good"}`,
			AuthResponse{Error: "access_denied", ErrorDescription: "no", State: "good"}, nil},
		{"extra fields ignored", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"good","v":1}`,
			AuthResponse{Code: "abc", State: "good"}, nil},
		{"another origin", "https://evil.example", panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"the provider's origin", "https://emea.cc.vonage.com", panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"same host, another scheme", "http://connector.example", panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"opaque panel origin", "null", "null", `{"type":"vccnow.signin.callback","code":"abc","state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"no panel origin", "", "", `{"type":"vccnow.signin.callback","code":"abc","state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"web message response mode", panelOrigin, panelOrigin, `{"type":"authorization_response","response":{"code":"abc","state":"good"}}`, AuthResponse{}, ErrNotCallback},
		{"another message of the page", panelOrigin, panelOrigin, `{"v":1,"kind":"command"}`, AuthResponse{}, ErrNotCallback},
		{"a string", panelOrigin, panelOrigin, `"vccnow.signin.callback"`, AuthResponse{}, ErrNotCallback},
		{"not JSON", panelOrigin, panelOrigin, `{`, AuthResponse{}, ErrNotCallback},
		{"a code that is not a string", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","code":7,"state":"good"}`, AuthResponse{}, ErrNotCallback},
		{"too long", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","state":"good","code":"` + strings.Repeat("a", 17<<10) + `"}`, AuthResponse{}, ErrNotCallback},
		{"another attempt's state", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","code":"abc","state":"old"}`, AuthResponse{}, ErrStateMismatch},
		{"no state", panelOrigin, panelOrigin, `{"type":"vccnow.signin.callback","code":"abc"}`, AuthResponse{}, ErrStateMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadCallback(tc.origin, tc.ownOrigin, []byte(tc.data), p)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantErr, err)
		})
	}
	_, err := ReadCallback(panelOrigin, panelOrigin, []byte(`{"type":"vccnow.signin.callback","code":"abc","state":""}`), PKCE{})
	assert.ErrorIs(t, err, ErrStateMismatch, "an attempt without a state accepts nothing")
}

// The message the callback page builds is the one the panel reads.
func TestCallbackMessageShape(t *testing.T) {
	b, err := json.Marshal(CallbackMessage{Type: CallbackMessageType, AuthResponse: AuthResponse{Code: "abc", State: "s"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"vccnow.signin.callback","code":"abc","state":"s"}`, string(b))
	var all map[string]string
	require.NoError(t, json.Unmarshal(mustJSON(t, AuthResponse{Code: "1", State: "1", Error: "1", ErrorDescription: "1", Issuer: "1"}), &all))
	assert.ElementsMatch(t, CallbackParams, slices.Collect(maps.Keys(all)), "the page passes on exactly the fields the panel reads")
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return b
}

func TestAuthResponseVerify(t *testing.T) {
	p := PKCE{State: "good"}
	const issuer = "https://emea.cc.vonage.com/Auth"
	cases := []struct {
		name    string
		resp    AuthResponse
		want    string
		wantErr error
	}{
		{"ok", AuthResponse{Code: "abc", State: "good"}, "abc", nil},
		{"ok with its issuer", AuthResponse{Code: "abc", State: "good", Issuer: issuer}, "abc", nil},
		{"issuer with a trailing slash", AuthResponse{Code: "abc", State: "good", Issuer: issuer + "/"}, "abc", nil},
		{"another issuer", AuthResponse{Code: "abc", State: "good", Issuer: "https://idp.evil.example"}, "", ErrIssuerMismatch},
		{"forged state", AuthResponse{Code: "abc", State: "evil"}, "", ErrStateMismatch},
		{"forged state with an error", AuthResponse{Error: "access_denied", State: "evil"}, "", ErrStateMismatch},
		{"denied", AuthResponse{Error: "access_denied", State: "good"}, "", ErrSignInDenied},
		{"no code", AuthResponse{State: "good"}, "", ErrNoCode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, err := tc.resp.Verify(p, issuer)
			assert.Equal(t, tc.want, code)
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
			} else {
				assert.NoError(t, err)
			}
		})
	}
	code, err := AuthResponse{Code: "abc", State: "good", Issuer: "https://elsewhere.example"}.Check(p)
	assert.NoError(t, err, "Check expects no issuer")
	assert.Equal(t, "abc", code)
	var pe *ProviderError
	_, err = AuthResponse{Error: "access_denied", ErrorDescription: "The user cancelled", State: "good"}.Check(p)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, ProviderError{Code: "access_denied", Description: "The user cancelled"}, *pe)
}
