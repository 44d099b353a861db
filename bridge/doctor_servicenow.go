package bridge

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
)

// doctorServiceNow checks the instance: reachable, the integration user
// signs in and has the roles, the tables exist and can be read and have the
// columns the bridge uses (records.Schema against sys_dictionary), the AWA
// queues and presence states the configuration names exist, and the
// voice-interaction API answers.
func (s *Server) doctorServiceNow(ctx context.Context) []Check {
	reach, clock := s.doctorReach(ctx)
	if reach.Status == CheckFail {
		return []Check{reach}
	}
	sysID, signIn := s.doctorSignIn(ctx)
	out := []Check{reach, clock, signIn}
	if signIn.Status == CheckFail {
		return out
	}
	out = append(out, s.doctorRoles(ctx, sysID))
	for _, t := range s.doctorTables() {
		out = append(out, s.doctorTable(ctx, t))
	}
	out = append(out, s.doctorColumns(ctx)...)
	out = append(out, s.doctorQueues(ctx)...)
	out = append(out, s.doctorPresenceStates(ctx)...)
	return append(out, s.doctorPhoneChannel(ctx), s.doctorVoiceAPI(ctx))
}

// doctorReach asks the Table API without credentials: any answer (401
// included) means the instance is there. Its Date header shows whether
// this machine's clock is right (clockCheck).
func (s *Server) doctorReach(ctx context.Context) (reach, clock Check) {
	const name = "ServiceNow reachable"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.InstanceURL+"/api/now/table/sys_user?sysparm_limit=1", nil)
	if err != nil {
		return fail(name, err.Error(), "Check -instance (VCCNOW_INSTANCE_URL)."), Check{}
	}
	sent := s.now()
	resp, err := s.sn.HTTP.Do(req)
	if err != nil {
		return fail(name, err.Error(), "Check -instance (VCCNOW_INSTANCE_URL), and that this machine reaches it (DNS, proxy, firewall)."), Check{}
	}
	resp.Body.Close()
	clock = clockCheck(resp.Header.Get("Date"), sent, s.now())
	return pass(name, fmt.Sprintf("%s answers (HTTP %d without credentials)", s.cfg.InstanceURL, resp.StatusCode)), clock
}

// clockCheck compares this machine's clock with the instance's Date header
// (whole seconds, read between sent and got): agents' tokens and VCC's
// webhook signatures are checked with a minute's leeway, so a clock off by
// more fails them; off by more than 30 s is a warning.
func clockCheck(date string, sent, got time.Time) Check {
	const name = "clock"
	fix := "Keep this machine's clock in time with NTP (e.g. systemd-timesyncd or chrony)."
	theirs, err := http.ParseTime(date)
	if err != nil {
		return warn(name, "the instance's answer carries no Date to compare with", fix)
	}
	// The instance stamped its answer between sent and got, to the second.
	var off time.Duration
	switch {
	case theirs.Add(time.Second).Before(sent):
		off = sent.Sub(theirs.Add(time.Second))
	case theirs.After(got):
		off = -theirs.Sub(got)
	}
	detail := fmt.Sprintf("within %s of the instance's", max(off, -off).Round(time.Second))
	switch {
	case off > time.Minute || off < -time.Minute:
		return fail(name, "off by "+max(off, -off).Round(time.Second).String()+" from the instance's: agents' tokens and VCC's webhooks would be refused", fix)
	case off > 30*time.Second || off < -30*time.Second:
		return warn(name, detail, fix)
	}
	return pass(name, detail)
}

// doctorSignIn reads the integration user's own record with its
// credentials and returns its sys_id.
func (s *Server) doctorSignIn(ctx context.Context) (string, Check) {
	const name = "ServiceNow sign-in"
	how := "Basic auth"
	fix := "Check -sn-user (VCCNOW_SN_USER) and VCCNOW_SN_PASSWORD; the user must not need multi-factor sign-in."
	if s.cfg.SNClientID != "" {
		how = "OAuth client " + s.cfg.SNClientID
		fix = "Check -sn-client-id (VCCNOW_SN_CLIENT_ID), VCCNOW_SN_CLIENT_SECRET, -sn-user and VCCNOW_SN_PASSWORD, and that the OAuth client is active (System OAuth > Application Registry)."
	}
	if err := servicenow.CheckUserName(s.cfg.SNUser); err != nil {
		return "", fail(name, err.Error(), "Set -sn-user (VCCNOW_SN_USER) to the integration user's user_name.")
	}
	users, err := s.sn.List(ctx, "sys_user", servicenow.Where("user_name", "=", s.cfg.SNUser), []string{"sys_id", "name"}, 1)
	switch {
	case servicenow.Status(err) == http.StatusForbidden:
		return "", fail(name, "signed in, but may not read sys_user: "+snMessage(err), "Give "+s.cfg.SNUser+" read access to sys_user (every user has it on a base instance).")
	case err != nil:
		return "", fail(name, "as "+s.cfg.SNUser+" with "+how+": "+snMessage(err), fix)
	case len(users) == 0:
		return "", fail(name, "signed in, but no sys_user is named "+s.cfg.SNUser, "Set -sn-user to the integration user's user_name.")
	}
	return users[0]["sys_id"], pass(name, "as "+s.cfg.SNUser+" with "+how)
}

// requiredRoles are the integration user's roles the configured queues
// need, and what each is for.
func (s *Server) requiredRoles() map[string]string {
	roles := map[string]string{
		"awa_integration_user":  "AWA's inbox actions and agent presence",
		"sn_openframe_api_user": "the voice-interaction API and phone logs",
		"interaction_agent":     "interactions and their related records",
	}
	kinds, _ := s.ruleKinds()
	if kinds[records.CSM] {
		roles["sn_customerservice_agent"] = "cases, contacts and consumers"
	}
	if kinds[records.ITSM] {
		roles["itil"] = "incidents and callers"
	}
	if s.workspaceWrapUp() {
		roles["interaction_integration_user"] = "the Wrap Up API's segments (rules: workspaceWrapUp)"
	}
	return roles
}

func (s *Server) doctorRoles(ctx context.Context, userSysID string) Check {
	const name = "ServiceNow roles"
	rows, err := s.sn.List(ctx, "sys_user_has_role", servicenow.Where("user", "=", userSysID).And("state", "=", "active"), []string{"role.name"}, 200)
	if err != nil {
		return warn(name, "cannot read "+s.cfg.SNUser+"'s roles: "+snMessage(err),
			"Check by hand that "+s.cfg.SNUser+" has the roles "+strings.Join(slices.Sorted(maps.Keys(s.requiredRoles())), ", ")+".")
	}
	have := map[string]bool{}
	for _, r := range rows {
		have[r["role.name"]] = true
	}
	var missing []string
	for _, role := range slices.Sorted(maps.Keys(s.requiredRoles())) {
		if !have[role] && !have["admin"] {
			missing = append(missing, role+" ("+s.requiredRoles()[role]+")")
		}
	}
	if len(missing) > 0 {
		return fail(name, s.cfg.SNUser+" lacks "+strings.Join(missing, ", "), "Grant "+s.cfg.SNUser+" these roles (User Administration > Users > Roles).")
	}
	return pass(name, s.cfg.SNUser+" has "+strings.Join(slices.Sorted(maps.Keys(s.requiredRoles())), ", "))
}

// doctorTable is a table the bridge reads or writes, and the plugin that
// brings it.
type doctorTable struct{ name, plugin string }

// doctorTables are the tables of records.Schema the configured rules use.
func (s *Server) doctorTables() []doctorTable {
	var out []doctorTable
	for _, t := range s.schemaTables(false) {
		out = append(out, doctorTable{t.Table, t.Plugin})
	}
	return out
}

func (s *Server) doctorTable(ctx context.Context, t doctorTable) Check {
	name := "ServiceNow table " + t.name
	_, err := s.sn.List(ctx, t.name, nil, []string{"sys_id"}, 1)
	switch st := servicenow.Status(err); {
	case err == nil:
		return pass(name, "readable")
	case st == http.StatusBadRequest:
		return fail(name, snMessage(err), "Install "+t.plugin+" on the instance.")
	case st == http.StatusForbidden:
		return fail(name, snMessage(err), "Give "+s.cfg.SNUser+" a role that reads and writes "+t.name+" (see the roles check).")
	default:
		return fail(name, snMessage(err), "Try again; if it persists, ask the instance's admin.")
	}
}

// ruleKinds says which kinds of rule (csm, itsm) apply, to the queues the
// rules name and to the others, and whether any creates Service Requests.
func (s *Server) ruleKinds() (kinds map[string]bool, createRequest bool) {
	kinds = map[string]bool{}
	rules := []records.QueueRule{s.cfg.Rules.Rule("")}
	for _, q := range s.configuredQueues() {
		rules = append(rules, s.cfg.Rules.Rule(q))
	}
	for _, r := range rules {
		kinds[r.Kind] = true
		createRequest = createRequest || r.CreateRequest
	}
	return kinds, createRequest
}

// workspaceWrapUp reports whether a rule has the workspace's wrap-up.
func (s *Server) workspaceWrapUp() bool {
	if s.cfg.Rules.Rule("").WorkspaceWrapUp {
		return true
	}
	for _, q := range s.configuredQueues() {
		if s.cfg.Rules.Rule(q).WorkspaceWrapUp {
			return true
		}
	}
	return false
}

// configuredQueues are the VCC queues the rules name, sorted.
func (s *Server) configuredQueues() []string {
	return slices.Sorted(maps.Keys(s.cfg.Rules.Queues))
}

func (s *Server) doctorQueues(ctx context.Context) []Check {
	var out []Check
	for _, q := range s.configuredQueues() {
		ext := s.cfg.Rules.Rule(q).AWAQueue
		name := "AWA queue for VCC queue " + q
		rows, err := s.sn.List(ctx, "awa_queue", servicenow.Where("external_id", "=", ext), []string{"name", "active"}, 1)
		switch {
		case err != nil:
			out = append(out, fail(name, snMessage(err), "Try again; if it persists, see the table checks."))
		case len(rows) == 0:
			out = append(out, fail(name, "no awa_queue has external_id "+ext,
				"Set Provider queue ID (external_id) to "+ext+" on the AWA queue that VCC queue "+q+"'s calls go to."))
		case rows[0]["active"] == "false":
			out = append(out, fail(name, rows[0]["name"]+" is inactive", "Activate the AWA queue "+rows[0]["name"]+"."))
		default:
			out = append(out, pass(name, rows[0]["name"]+" (external_id "+ext+")"))
		}
	}
	return out
}

func (s *Server) doctorPresenceStates(ctx context.Context) []Check {
	var out []Check
	for _, want := range s.cfg.Presence.States() {
		name := "AWA presence state " + want
		rows, err := s.sn.List(ctx, "awa_presence_state", servicenow.Where("name", "=", want), []string{"sys_id"}, 1)
		switch {
		case err != nil:
			out = append(out, fail(name, snMessage(err), "Try again; if it persists, see the table checks."))
		case len(rows) == 0:
			out = append(out, fail(name, "no awa_presence_state is named "+want,
				"Create the AWA presence state "+want+", or change the presence mapping (-presence) to name an existing state."))
		default:
			out = append(out, pass(name, want))
		}
	}
	return out
}

func (s *Server) doctorPhoneChannel(ctx context.Context) Check {
	const name = "AWA Phone channel"
	rows, err := s.sn.List(ctx, "awa_service_channel", servicenow.Where("name", "=", "Phone"), []string{"sys_id"}, 1)
	switch {
	case err != nil:
		return fail(name, snMessage(err), "Try again; if it persists, see the table checks.")
	case len(rows) == 0:
		return warn(name, "no service channel is named Phone: interactions are created without a channel",
			"Install ServiceNow Voice's Phone channel, or create an awa_service_channel named Phone.")
	}
	return pass(name, "Phone")
}

// doctorVoiceAPI probes OpenFrame's voice-interaction API with a PATCH of a
// sys_id no record has: 404 means the API is there and lets the user in.
func (s *Server) doctorVoiceAPI(ctx context.Context) Check {
	const name = "ServiceNow voice-interaction API"
	// An update of an interaction that cannot exist: the API answers that it
	// did nothing (status FAILURE, or 404), which shows it is there without
	// writing anything. At least one parameter must be sent (openframe-api.md).
	var v servicenow.VoiceInteraction
	v.Interaction.AdditionalParams = map[string]string{"short_description": "bridge doctor"}
	err := s.sn.UpdateVoiceInteraction(ctx, strings.Repeat("0", 32), v)
	var e *servicenow.Error
	switch {
	case err == nil, errors.Is(err, servicenow.ErrNotDone), errors.As(err, &e) && e.Status == http.StatusNotFound:
		return pass(name, "/api/now/openframe/voice-interaction answers")
	case errors.As(err, &e) && e.Status == http.StatusBadRequest:
		return fail(name, snMessage(err), "Install OpenFrame's voice-interaction API (com.sn_openframe, the openframe store app).")
	case errors.As(err, &e) && e.Status == http.StatusForbidden:
		return fail(name, snMessage(err), "Grant "+s.cfg.SNUser+" the role sn_openframe_api_user.")
	}
	return fail(name, snMessage(err), "Try again; if it persists, ask the instance's admin.")
}
