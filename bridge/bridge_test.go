//go:build !js

package bridge

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/wasm/api"
)

func testDeps(t *testing.T) Deps {
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return Deps{Store: st}
}

func testConfig() Config {
	return Config{
		InstanceURL: "https://acme.service-now.com",
		VCCAuthURL:  "https://emea.cc.vonage.com/Auth",
		VCCAPIURL:   "https://emea.api.cc.vonage.com",
		VCCClientID: "connector",
	}
}

func TestPanelPage(t *testing.T) {
	s, err := New(testConfig(), testDeps(t))
	require.NoError(t, err)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	require.Equal(t, http.StatusOK, w.Code)
	csp := w.Header().Get("Content-Security-Policy")
	assert.Contains(t, csp, "frame-ancestors https://acme.service-now.com")
	assert.Contains(t, csp, "'wasm-unsafe-eval'")
	assert.Contains(t, csp, "connect-src 'self' https://emea.cc.vonage.com https://emea.api.cc.vonage.com wss://emea.cc.vonage.com wss://emea.api.cc.vonage.com")
	body := w.Body.String()
	assert.Contains(t, body, `src="https://acme.service-now.com/scripts/openframe/latest/openFrameAPI.min.js"`)
	assert.Contains(t, body, `"vccClientId":"connector"`)
	assert.Contains(t, body, `"presence":{"toAWA":{"Away":"Away","ExtendedAway":"Away","LoggedOut":"Offline","Ready":"Available"}`,
		"the panel gets the bridge's presence mapping")
}

// The panel's page carries a deployment's own presence mapping, so panel
// and bridge map presence the same way.
func TestPanelPageCarriesThePresenceMapping(t *testing.T) {
	cfg := testConfig()
	var err error
	cfg.Presence, err = ParsePresence([]byte(`{"toAWA":{"Ready":"Available","Away":"Away","Lunch":"Lunch","ExtendedAway":"Away","LoggedOut":"Offline"},
		"toVCC":{"Available":"Ready","Away":"Away","Lunch":"Lunch","Offline":"Logged Out"},"colors":{"Lunch":"red"}}`))
	require.NoError(t, err)
	s, err := New(cfg, testDeps(t))
	require.NoError(t, err)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	assert.Contains(t, w.Body.String(), `"Lunch":"Lunch"`)
	assert.Contains(t, w.Body.String(), `"colors":{"Lunch":"red"}`)
}

func TestConfigRejected(t *testing.T) {
	cases := map[string]func(*Config){
		"relative instance": func(c *Config) { c.InstanceURL = "acme.service-now.com" },
		"trailing slash":    func(c *Config) { c.VCCAPIURL = "https://emea.api.cc.vonage.com/" },
		"ftp":               func(c *Config) { c.VCCAuthURL = "ftp://x/Auth" },
		"missing client id": func(c *Config) { c.VCCClientID = "" },
		"query in instance": func(c *Config) { c.InstanceURL = "https://a.service-now.com?x=1" },
		"partial presence":  func(c *Config) { c.Presence = api.PresenceMap{ToAWA: map[string]string{"Ready": "Available"}} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig()
			mutate(&cfg)
			_, err := New(cfg, testDeps(t))
			assert.Error(t, err)
		})
	}
}
