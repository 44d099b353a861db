package bridge

import (
	"net/http"
	"time"
)

// serveHealth reports whether the store answers and how the outbox is doing
// (a growing backlog means ServiceNow is refusing or unreachable).
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	pending, oldest, err := s.store.OutboxStats(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ok": false, "error": "store unavailable"})
		return
	}
	body := map[string]any{"ok": true, "outboxPending": pending}
	if !oldest.IsZero() {
		body["outboxOldestSeconds"] = int(s.now().Sub(oldest) / time.Second)
	}
	writeJSON(w, http.StatusOK, body)
}
