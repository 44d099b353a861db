package snsim

import (
	"bytes"
	"net/http"
)

// The Agent Workspace stand-in: one page per signed-in user
// (/now/workspace/agent; signin.go signs users in) with the AWA presence menu, the
// inbox, record tabs, the wrap-up module, and the OpenFrame TopFrame
// hosting the connector (topframe.js, workspace*.js). The page gets a session
// token (ServiceNow's g_ck) that authenticates its calls in the X-UserToken
// header: the event feed (amb.go), the workspace API (workspace_api.go) and
// OpenFrameAjaxUtility (openframe_ajax.go).

// openFrameConfig is an sn_openframe_configuration record as the TopFrame
// reads it and init() hands it to the panel (the record's fields:
// customer-service-management/t_CreateAnOpenFrameConfiguration.md; the keys
// as ServiceNow's TopFrame names them in public copies of it).
type openFrameConfig struct {
	SysID                string `json:"sys_id"`
	Name                 string `json:"name"`
	URL                  string `json:"url"`
	Title                string `json:"title"`
	SubTitle             string `json:"subTitle"`
	TitleIcon            string `json:"titleIcon"`
	Width                int    `json:"width"`
	Height               int    `json:"height"`
	Allow                string `json:"allow"`
	CollapsedViewEnabled string `json:"collapsedViewEnabled"`
	NavIconClass         string `json:"navIconClass"`
	PresenceIndicator    string `json:"presenceIndicator"`
	Configuration        string `json:"configuration"`
}

// tOpenFrameConfig holds the OpenFrame configurations: name, title,
// subtitle, url, width, height, configuration (JSON for the partner page),
// active, default, order, icon_class, title_icon,
// show_presence_indicator, collapsed_view_enabled.
const tOpenFrameConfig = "sn_openframe_configuration"

// openFrameConfig returns the configuration the workspace uses: the active
// default record (else the active one with the lowest order). Its url is
// instance-specific, so an empty url means Config.ConnectorURL; with no
// active record at all, the connector URL with the defaults below.
func (s *Server) openFrameConfig() openFrameConfig {
	rows, _ := s.DB.Find(tOpenFrameConfig, activeRecord)
	sortByOrderField(rows)
	var rec Record
	for _, r := range rows {
		if rec == nil || (flagSet(r["default"]) && !flagSet(rec["default"])) {
			rec = r
		}
	}
	cfg := openFrameConfig{
		SysID: rec["sys_id"], Name: rec["name"], URL: rec["url"], Title: rec["title"], SubTitle: rec["subtitle"],
		TitleIcon: rec["title_icon"], Width: numberField(rec, "width", 360), Height: numberField(rec, "height", 600),
		Allow: "microphone; autoplay", CollapsedViewEnabled: flagString(flagSet(rec["collapsed_view_enabled"])),
		NavIconClass: rec["icon_class"], PresenceIndicator: flagString(rec["show_presence_indicator"] != "false"),
		Configuration: rec["configuration"],
	}
	if cfg.URL == "" {
		cfg.URL = s.cfg.ConnectorURL
	}
	if cfg.Title == "" {
		cfg.Title = "Phone"
	}
	return cfg
}

// presenceOption is one entry of the presence menu.
type presenceOption struct {
	SysID     string `json:"sys_id"`
	Name      string `json:"name"`
	Available bool   `json:"available"`
}

// serveWorkspace renders the Agent Workspace for the signed-in user
// (signin.go: the session cookie, or ?user= for a demo agent).
func (s *Server) serveWorkspace(w http.ResponseWriter, r *http.Request) {
	u, ok := s.workspaceUser(w, r)
	if !ok {
		return
	}
	of := s.openFrameConfig()
	states := []presenceOption{}
	for _, st := range s.awa.presenceStates() {
		states = append(states, presenceOption{SysID: st["sys_id"], Name: st["name"], Available: flagSet(st["available"])})
	}
	user := map[string]string{"sys_id": u["sys_id"], "user_name": u["user_name"], "name": u["name"]}
	data := map[string]any{
		"User":           map[string]string{"Name": u["name"], "FirstName": u["first_name"]},
		"Presence":       s.awa.PresenceOf(u["sys_id"]),
		"PresenceStates": states,
		"OpenFrame":      of,
		"Config": map[string]any{
			"user": user, "token": s.issueUserToken(u), "presenceStates": states,
		},
	}
	var b bytes.Buffer
	if err := s.workspace.Execute(&b, data); err != nil {
		http.Error(w, "render the workspace: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}
