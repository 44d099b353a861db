package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vccnow/connector/wasm/api"
)

func TestRoutePath(t *testing.T) {
	assert.Equal(t, "/api/v1/interactions/abc/accept", api.RouteAccept.Path("abc"))
	assert.Equal(t, "/api/v1/calls/a%2Fb/wrapup", api.RouteWrapUp.Path("a/b"), "an argument is one path segment")
	assert.Equal(t, "/api/v1/calls/x%3F/context", api.RouteContext.Path("x?"))
	assert.Equal(t, "/api/v1/agent/session", api.RouteSession.Path())
	assert.Equal(t, "POST /api/v1/calls/{vcc_id}/transfer", api.RouteTransfer.Mux())
}

func TestRoutesAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range api.Routes {
		assert.False(t, seen[r.Mux()], r.Mux())
		seen[r.Mux()] = true
		assert.True(t, strings.HasPrefix(r.Pattern, "/api/v1/"), r.Pattern)
		assert.Contains(t, []string{http.MethodGet, http.MethodPost, http.MethodPut}, r.Method)
	}
}

// Every code has its status; a code the panel does not know is a server
// error, never a success.
func TestCodeStatus(t *testing.T) {
	for code, want := range map[string]int{
		api.CodeUnauthorized: 401, api.CodeAccountMismatch: 403, api.CodeForbidden: 403, api.CodeNotYourCall: 403,
		api.CodeNotFound: 404, api.CodeConflict: 409, api.CodeBadRequest: 400, api.CodeTooLarge: 413,
		api.CodeRateLimited: 429, api.CodeUnavailable: 503, "something_new": 500,
	} {
		assert.Equal(t, want, api.Status(code), code)
	}
	assert.True(t, api.Retryable(api.CodeUnavailable))
	assert.True(t, api.Retryable(api.CodeRateLimited))
	assert.False(t, api.Retryable(api.CodeNotYourCall))
}
