package bridge

import (
	"net/http"
	"time"
)

// serveHealth reports whether the store answers and how the outbox is doing
// (a growing backlog means ServiceNow is refusing or unreachable).
//
// The status is 503 only when the store does not answer: the bridge cannot
// take webhooks then, and a load balancer should look elsewhere. Outbox
// work that needs a person — ops failing with an answer only an operator
// can mend (outboxFailing), dead letters (outboxDead) — makes "ok" false
// with status 200: the bridge still takes VCC's events and agents'
// requests, and taking it out of service (or restarting it) would lose
// them without mending anything.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Counts(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "error": "store unavailable"})
		return
	}
	body := map[string]any{"ok": c.Failing == 0 && c.Dead == 0, "outboxPending": c.Pending,
		"outboxFailing": c.Failing, "outboxDead": c.Dead}
	if !c.Oldest.IsZero() {
		body["outboxOldestSeconds"] = int(s.now().Sub(c.Oldest) / time.Second)
	}
	writeJSON(w, http.StatusOK, body)
}
