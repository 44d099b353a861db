package bridge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/vccnow/connector/bridge/vccapi"
)

// doctorVCC checks VCC: its OAuth discovery and signing keys (agents'
// tokens are verified with them), a token for each scope the bridge uses,
// and the webhook subscription that brings calls to the bridge.
func (s *Server) doctorVCC(ctx context.Context) []Check {
	out := []Check{s.doctorKeys(ctx)}
	granted := true
	for _, scope := range vccapi.BridgeScopes {
		c := s.doctorScope(ctx, scope)
		granted = granted && c.Status == CheckPass
		out = append(out, c)
	}
	if granted {
		out = append(out, s.doctorAccountKey(ctx), s.doctorSubscription(ctx))
	}
	return out
}

// doctorKeys reads VCC's discovery document and the keys at its jwks_uri.
func (s *Server) doctorKeys(ctx context.Context) Check {
	const name = "VCC signing keys"
	fix := "Check -vcc-auth (VCCNOW_VCC_AUTH_URL): it is the issuer of agents' tokens, e.g. https://emea.cc.vonage.com/Auth, and this machine must reach it."
	var disc struct {
		Issuer string `json:"issuer"`
		JWKS   string `json:"jwks_uri"`
	}
	discovery := s.cfg.VCCAuthURL + "/.well-known/openid-configuration"
	if err := s.getJSON(ctx, discovery, &disc); err != nil {
		return fail(name, err.Error(), fix)
	}
	if disc.Issuer != s.cfg.VCCAuthURL {
		return fail(name, fmt.Sprintf("the issuer is %q, not %q: agents' tokens would be refused", disc.Issuer, s.cfg.VCCAuthURL),
			"Set -vcc-auth to "+disc.Issuer+".")
	}
	var keys struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := s.getJSON(ctx, disc.JWKS, &keys); err != nil {
		return fail(name, err.Error(), fix)
	}
	if len(keys.Keys) == 0 {
		return fail(name, disc.JWKS+" lists no keys", "Ask Vonage: no agent token can be verified without them.")
	}
	return pass(name, fmt.Sprintf("%d key(s) at %s", len(keys.Keys), disc.JWKS))
}

func (s *Server) getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.sn.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("GET %s: not JSON: %v", url, err)
	}
	return nil
}

func (s *Server) doctorScope(ctx context.Context, scope string) Check {
	name := "VCC token for " + scope
	err := s.vcc.CheckScope(ctx, scope)
	switch code := vccapi.OAuthError(err); {
	case err == nil:
		return pass(name, "granted to "+s.cfg.VCCBridgeClientID)
	case code == "invalid_client" || (code == "" && vccapi.StatusOf(err) == http.StatusUnauthorized):
		return fail(name, "wrong client id or secret ("+vccMessage(err)+")",
			"Check -vcc-bridge-client-id (VCCNOW_VCC_BRIDGE_CLIENT_ID) and VCCNOW_VCC_BRIDGE_SECRET: user-level API credentials of a VCC admin.")
	case code == "invalid_scope" || code == "unauthorized_client":
		return fail(name, "the credentials lack "+scope+" ("+vccMessage(err)+")",
			"Give the API credentials "+s.cfg.VCCBridgeClientID+" the scope "+scope+" (VCC admin portal > API Admin).")
	case vccapi.StatusOf(err) == 0:
		return fail(name, err.Error(), "Check -vcc-auth (VCCNOW_VCC_AUTH_URL) and that this machine reaches it.")
	}
	return fail(name, vccMessage(err), "Try again; if it persists, ask Vonage.")
}

// doctorAccountKey reads the detail of a call that cannot exist with the v0
// Web API: "not found" shows the scope works and the API is reached. VCC's
// pages do not say how an unknown key answers; if it is "not found" too,
// only a real call's detail proves the key, and the bridge logs "VCC has no
// detail of the call" when one is missing.
func (s *Server) doctorAccountKey(ctx context.Context) Check {
	const name = "VCC account API key"
	fix := "Set -vcc-account-key (VCCNOW_VCC_ACCOUNT_KEY) to the API key of the VCC account this instance works with (VCC admin portal)."
	if s.cfg.VCCAccountKey == "" {
		return fail(name, "not set", fix)
	}
	_, err := s.vcc.CallDetail(ctx, "00000000-0000-0000-0000-000000000000")
	switch vccapi.StatusOf(err) {
	case http.StatusNotFound:
		return pass(name, s.cfg.VCCAccountKey+" answers the v0 Web API (a call's detail proves the key)")
	case http.StatusUnauthorized, http.StatusForbidden:
		return fail(name, vccMessage(err), fix)
	}
	if err == nil {
		return pass(name, s.cfg.VCCAccountKey+" answers the v0 Web API")
	}
	return fail(name, vccMessage(err), "Check -vcc-api (VCCNOW_VCC_API_URL) and that this machine reaches it.")
}

// doctorSubscription finds the bridge's webhook subscription and compares
// it with what Subscribe makes.
func (s *Server) doctorSubscription(ctx context.Context) Check {
	const name = "VCC webhook subscription"
	want := s.subscription()
	subs, err := s.vcc.Subscriptions(ctx)
	if err != nil {
		return fail(name, vccMessage(err), "Check -vcc-api (VCCNOW_VCC_API_URL), e.g. https://emea.api.cc.vonage.com.")
	}
	for _, sub := range subs {
		if sub.Name != want.Name {
			continue
		}
		var wrong []string
		if sub.URL != want.URL {
			wrong = append(wrong, "it delivers to "+sub.URL+", not "+want.URL)
		}
		if !sub.Enabled {
			wrong = append(wrong, "it is disabled")
		}
		for _, ev := range want.Events {
			if !slices.Contains(sub.Events, ev) {
				wrong = append(wrong, "it lacks "+ev)
			}
		}
		if len(wrong) > 0 {
			return fail(name, want.Name+": "+strings.Join(wrong, "; "), "Start the bridge with this configuration: it updates the subscription at start.")
		}
		return pass(name, want.Name+" delivers "+strings.Join(want.Events, ", ")+" to "+want.URL)
	}
	return fail(name, "no subscription named "+want.Name, "Start the bridge with this configuration: it subscribes at start (VCC may take 30 s to apply it).")
}
