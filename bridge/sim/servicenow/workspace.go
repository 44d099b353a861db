package servicenow

import (
	"bytes"
	"net/http"
)

// openFrameConfig is the sn_openframe_configuration record the TopFrame uses
// and init() returns to the panel (keys as the TopFrame reads them).
type openFrameConfig struct {
	URL                  string `json:"url"`
	Title                string `json:"title"`
	SubTitle             string `json:"subTitle"`
	Width                int    `json:"width"`
	Height               int    `json:"height"`
	Allow                string `json:"allow"`
	CollapsedViewEnabled string `json:"collapsedViewEnabled"`
	Configuration        string `json:"configuration"`
}

// serveWorkspace renders the Agent Workspace for ?user=<user_name>.
func (s *Server) serveWorkspace(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("user")
	u, ok := s.user(name)
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Sign in: open /now/workspace/agent?user=<user_name> with a user from the seed (for example beth.anglin).\n"))
		return
	}
	of := openFrameConfig{
		URL: s.cfg.ConnectorURL, Title: "Phone", SubTitle: "Vonage Contact Center",
		Width: 360, Height: 600, Allow: "microphone; autoplay", CollapsedViewEnabled: "false",
	}
	data := map[string]any{
		"User":      map[string]string{"Name": u["name"], "FirstName": u["first_name"], "UserName": u["user_name"]},
		"Presence":  "Offline",
		"OpenFrame": map[string]any{"URL": of.URL, "Title": of.Title, "SubTitle": of.SubTitle},
		"Config": map[string]any{
			"user":      map[string]string{"sys_id": u["sys_id"], "user_name": u["user_name"], "name": u["name"]},
			"openframe": of,
		},
	}
	var b bytes.Buffer
	if err := s.workspace.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b.Bytes())
}
