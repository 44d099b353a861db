//go:build !js

package vccsim

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// Outages the control API stages, so tests can play what an agent lives
// through on a bad day: the softphone signaling going away for a while (a
// network change, a proxy restart) and an audio connection slow to come up.
//
//   - POST /sim/signaling/outage {"ms":N} closes every softphone signaling
//     connection at once and refuses new ones (HTTP 503) for N ms. Sessions
//     wait for a resume as after any drop (ResumeGrace); their calls park.
//   - POST /sim/agents/{user_name}/media-delay {"ms":N} delays the answer to
//     that agent's media offers by N ms (0 clears it), so their audio
//     connects that much later after sign-in or a reload.

// outages holds the staged outages; its zero value stages none.
type outages struct {
	mu             sync.Mutex
	signalingUntil time.Time
	mediaDelay     map[string]time.Duration // user name → delay of the SDP answer
}

func (s *Server) outageRoutes() {
	s.mux.HandleFunc("POST /sim/signaling/outage", s.control(s.serveSignalingOutage))
	s.mux.HandleFunc("POST /sim/agents/{user_name}/media-delay", s.control(s.serveMediaDelay))
}

// outageBody is the body of both control requests.
type outageBody struct {
	MS int `json:"ms"`
}

func readOutage(w http.ResponseWriter, r *http.Request) (time.Duration, bool) {
	var body outageBody
	if err := readJSON(r, &body); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return 0, false
	}
	if body.MS < 0 || body.MS > 120000 {
		writeMessage(w, http.StatusBadRequest, "ms must be 0 to 120000.")
		return 0, false
	}
	return time.Duration(body.MS) * time.Millisecond, true
}

// serveSignalingOutage is POST /sim/signaling/outage.
func (s *Server) serveSignalingOutage(w http.ResponseWriter, r *http.Request) {
	d, ok := readOutage(w, r)
	if !ok {
		return
	}
	s.outages.mu.Lock()
	s.outages.signalingUntil = s.now().Add(d)
	s.outages.mu.Unlock()
	a := s.acd
	a.mu.Lock()
	conns := make([]*conn, 0, len(a.conns))
	for c := range a.conns {
		conns = append(conns, c)
	}
	a.mu.Unlock()
	for _, c := range conns {
		c.closeWith(websocket.StatusGoingAway, "signaling outage")
	}
	s.log.Printf("control: softphone signaling down for %v (%d connections closed)", d, len(conns))
	writeJSON(w, http.StatusOK, map[string]any{"closed": len(conns), "until": rfc3339(s.now().Add(d))})
}

// signalingDown reports whether new signaling connections are refused.
func (s *Server) signalingDown() bool {
	s.outages.mu.Lock()
	defer s.outages.mu.Unlock()
	return s.now().Before(s.outages.signalingUntil)
}

// serveMediaDelay is POST /sim/agents/{user_name}/media-delay.
func (s *Server) serveMediaDelay(w http.ResponseWriter, r *http.Request) {
	d, ok := readOutage(w, r)
	if !ok {
		return
	}
	name := r.PathValue("user_name")
	s.outages.mu.Lock()
	if s.outages.mediaDelay == nil {
		s.outages.mediaDelay = map[string]time.Duration{}
	}
	s.outages.mediaDelay[name] = d
	s.outages.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"userName": name, "delay": fmt.Sprint(d)})
}

// mediaDelay is how long the answer to the user's media offer waits.
func (s *Server) mediaDelay(userName string) time.Duration {
	s.outages.mu.Lock()
	defer s.outages.mu.Unlock()
	return s.outages.mediaDelay[userName]
}
