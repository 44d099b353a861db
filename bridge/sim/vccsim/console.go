//go:build !js

package vccsim

import (
	_ "embed"
	"html/template"
	"net/http"
)

//go:embed console.html
var consoleHTML string

// consolePage is the caller console: place calls into queues, watch them,
// hang up as the caller, switch the routing mode. It drives the control API
// from the page's script.
var consolePage = template.Must(template.New("console").Parse(consoleHTML))

// serveConsole is GET /sim/console, for people running the dev stack.
func (s *Server) serveConsole(w http.ResponseWriter, _ *http.Request) {
	var queues []string
	for _, acct := range s.seed.accounts {
		queues = append(queues, queueNames(acct)...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	if err := consolePage.Execute(w, map[string]any{"Queues": queues}); err != nil {
		s.log.Printf("console: %v", err)
	}
}
