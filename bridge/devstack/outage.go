//go:build !js

package devstack

import (
	"net/http"
	"strings"
)

// SetAgentAPIDown cuts the panels off from the bridge's agent API, or puts
// them back in touch: while it is down, every request under /api/ has its
// connection closed without an answer, as a network outage between the
// agent's browser and the bridge does (the panel's fetch fails). The panel's
// page and assets are still served, so a panel can reload meanwhile, and the
// bridge itself runs on: its webhooks and outbox are untouched.
func (st *Stack) SetAgentAPIDown(down bool) { st.apiDown.Store(down) }

// outageGate is the bridge's handler behind SetAgentAPIDown.
func (st *Stack) outageGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st.apiDown.Load() && strings.HasPrefix(r.URL.Path, "/api/") {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler) // closes the connection too
		}
		next.ServeHTTP(w, r)
	})
}
