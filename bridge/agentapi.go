package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/calls"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
	"github.com/vccnow/connector/wasm/api"
)

// panelLease is how long a panel counts as open after its last session
// call; the panel renews it every 30 seconds.
const panelLease = 90 * time.Second

func (s *Server) agentRoutes() {
	s.mux.HandleFunc("POST /api/v1/agent/session", s.agent(s.serveSession))
	s.mux.HandleFunc("PUT /api/v1/agent/presence", s.agent(s.servePresence))
	s.mux.HandleFunc("POST /api/v1/agent/presence/sync", s.agent(s.servePresenceSync))
	s.mux.HandleFunc("GET /api/v1/interactions/{sys_id}", s.agent(s.serveInteraction))
	s.mux.HandleFunc("POST /api/v1/interactions/{sys_id}/accept", s.agent(s.serveAccept))
	s.mux.HandleFunc("POST /api/v1/interactions/{sys_id}/reject", s.agent(s.serveReject))
	s.mux.HandleFunc("POST /api/v1/interactions/{sys_id}/match", s.agent(s.serveMatch))
	s.mux.HandleFunc("GET /api/v1/calls/{vcc_id}", s.agent(s.serveCall))
	s.mux.HandleFunc("POST /api/v1/calls/{vcc_id}/context", s.agent(s.serveContext))
	s.mux.HandleFunc("POST /api/v1/calls/{vcc_id}/transfer", s.agent(s.serveTransfer))
	s.mux.HandleFunc("POST /api/v1/calls/{vcc_id}/wrapup", s.agent(s.serveWrapUp))
}

// caller is the authenticated agent of an API request.
type caller struct {
	claims vccapi.Claims
	agent  store.Agent
}

// agent authenticates a request with the agent's VCC access token, checks
// that its user is one of the VCC account the bridge serves and finds the
// agent's ServiceNow user.
func (s *Server) agent(h func(http.ResponseWriter, *http.Request, caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { s.metrics.observe(r.Pattern, time.Since(start)) }()
		raw, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims, err := s.verify.Verify(r.Context(), strings.TrimSpace(raw))
		if err != nil {
			msg := "Sign in to Vonage Contact Center again."
			if errors.Is(err, vccapi.ErrTokenExpired) {
				msg = "Your Vonage sign-in has expired. Sign in again."
			}
			s.log.Info("agent API request refused", "method", r.Method, "path", r.URL.Path, "err", err)
			writeErr(w, http.StatusUnauthorized, api.CodeUnauthorized, msg)
			return
		}
		a, err := s.ensureAgent(r.Context(), claims)
		switch {
		case errors.Is(err, errOtherAccount):
			s.log.Warn("agent API: a user of another VCC account", "vcc_user", claims.UserID)
			writeErr(w, http.StatusForbidden, api.CodeAccountMismatch,
				"This ServiceNow instance works with another Vonage Contact Center account. Sign in with a user of that account, or ask your admin.")
		case errors.Is(err, errUnreachable):
			s.log.Warn("agent API: the agent's user could not be read", "vcc_user", claims.UserID, "err", err)
			writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "Vonage Contact Center or ServiceNow could not be asked who you are; try again.")
		case err != nil:
			s.log.Warn("agent API: no ServiceNow user for the agent", "vcc_user", claims.UserID, "err", err)
			writeErr(w, http.StatusForbidden, api.CodeForbidden, err.Error())
		default:
			h(w, r, caller{claims: claims, agent: a})
		}
	}
}

// Why ensureAgent could not find the agent.
var (
	// errOtherAccount: VCC's User Admin API, asked with the bridge's
	// credentials (which belong to the account it serves), does not know
	// the token's user.
	errOtherAccount = errors.New("the VCC user is not one of the account the bridge serves")
	// errUnreachable: VCC or ServiceNow did not answer; try again.
	errUnreachable = errors.New("VCC or ServiceNow did not answer")
)

// ensureAgent maps the token's VCC user to the agent: their user name and
// display id from VCC's User Admin API (a user of another account is not
// found there: errOtherAccount), and the ServiceNow user of the same
// user_name. Both are looked up once, then kept in the store.
func (s *Server) ensureAgent(ctx context.Context, c vccapi.Claims) (store.Agent, error) {
	a, ok, err := s.store.AgentByVCCID(ctx, c.UserID)
	if err != nil {
		return a, fmt.Errorf("%w: %v", errUnreachable, err)
	}
	if ok && a.SysID != "" {
		return a, nil
	}
	u, err := s.vcc.User(ctx, c.UserID)
	switch {
	case vccapi.StatusOf(err) == http.StatusNotFound:
		return a, errOtherAccount
	case err != nil:
		return a, fmt.Errorf("%w: %v", errUnreachable, err)
	case !u.Active:
		return a, errors.New("your Vonage Contact Center user is not active; ask your admin")
	case servicenow.CheckUserName(u.Username) != nil:
		return a, fmt.Errorf("your Vonage Contact Center user name %q cannot be a ServiceNow user name; ask your admin", u.Username)
	}
	users, err := s.sn.List(ctx, "sys_user", servicenow.Where("user_name", "=", u.Username).And("active", "=", "true"), []string{"sys_id", "name"}, 1)
	if err != nil {
		return a, fmt.Errorf("%w: %v", errUnreachable, err)
	}
	if len(users) == 0 {
		return a, fmt.Errorf("no active ServiceNow user is named %s; the VCC and ServiceNow user names must match", u.Username)
	}
	a.UserName, a.VCCUserID, a.AgentID, a.SysID, a.Name = u.Username, c.UserID, u.AgentDisplayID, users[0]["sys_id"], users[0]["name"]
	return a, s.store.SaveAgentIdentity(ctx, a)
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request, c caller) {
	c.agent.PanelUntil = s.now().Add(panelLease)
	if err := s.store.SetAgentPanel(r.Context(), c.agent.UserName, c.agent.PanelUntil); err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	writeJSON(w, http.StatusOK, api.SessionInfo{UserName: c.agent.UserName, UserSysID: c.agent.SysID, Name: c.agent.Name})
}

// servePresence sets the agent's VCC presence, the documented way: VCC's
// Agents API (PATCH /agents/{userId}/presence) with the bridge's
// credentials, for the token's own user only. It answers the presence VCC
// holds now; VCC's presence webhook then carries it to AWA.
func (s *Server) servePresence(w http.ResponseWriter, r *http.Request, c caller) {
	var req api.SetPresence
	if !readJSON(w, r, &req) {
		return
	}
	if !vccapi.ValidGUID(req.PresenceID) {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "presenceId must be one of your account's presence ids.")
		return
	}
	p, err := s.vcc.SetPresence(r.Context(), c.claims.UserID, req.PresenceID)
	switch st := vccapi.StatusOf(err); {
	case err == nil:
		writeJSON(w, http.StatusOK, api.Presence{PresenceID: p.PresenceID, Description: p.Description, Category: p.Category.CategoryType, Selectable: p.Selectable})
	case st == http.StatusBadRequest || st == http.StatusNotFound:
		writeErr(w, http.StatusConflict, api.CodeConflict, "Vonage Contact Center did not take that presence; choose another.")
	default:
		s.log.Warn("agent presence: VCC's Agents API", "vcc_user", c.claims.UserID, "err", err)
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "Vonage Contact Center could not be reached to change your presence; try again.")
	}
}

// servePresenceSync sets the agent's AWA presence again from their VCC
// presence: the panel asks for it when AWA shows a presence VCC does not
// have (the agent chose Available in the workspace while the panel could not
// go Ready). The bridge stays the one writer of AWA presence, and an agent
// can only ask for their own.
func (s *Server) servePresenceSync(w http.ResponseWriter, r *http.Request, c caller) {
	if err := s.store.Enqueue(r.Context(), "presence:"+c.agent.UserName, opPresence, "", s.now(), true); err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	s.Kick()
	writeJSON(w, http.StatusAccepted, struct{}{})
}

// callOf finds the call of an interaction, waiting briefly for one the
// bridge is creating right now (AWA can offer it before the create answer
// is back).
func (s *Server) callOf(ctx context.Context, sysID string) (store.Call, bool, error) {
	deadline := s.now().Add(time.Second)
	for {
		id, err := s.store.CallByInteraction(ctx, sysID)
		if err != nil {
			return store.Call{}, false, err
		}
		if id != "" {
			c, err := s.store.LoadCall(ctx, id)
			return c, err == nil, err
		}
		if !s.now().Before(deadline) {
			return store.Call{}, false, nil
		}
		select {
		case <-ctx.Done():
			return store.Call{}, false, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// mine reports whether the agent may see the call: it is theirs (VCC
// connected them, or they accepted it), they handed it on (and wrap up their
// part), no agent has it yet, or it is being offered again (sent back to a
// queue, maybe before the bridge has recorded the transfer) and no one has
// accepted it since.
func mine(c store.Call, who caller) bool {
	f := c.Facts
	requeued := c.Sync.TransfersDone < len(f.Transfers)
	offered := f.Desired().State == calls.StateNew && (requeued || !calls.Forward(calls.StateNew, c.Sync.State))
	return f.Agent == "" || f.Agent == who.claims.UserID || f.TransferredBy(who.claims.UserID) || offered
}

func (s *Server) withCall(w http.ResponseWriter, r *http.Request, who caller, byInteraction bool) (store.Call, bool) {
	var c store.Call
	var ok bool
	var err error
	if byInteraction {
		c, ok, err = s.callOf(r.Context(), r.PathValue("sys_id"))
	} else {
		c, err = s.store.LoadCall(r.Context(), r.PathValue("vcc_id"))
		ok = err == nil && c.Version > 0
	}
	switch {
	case err != nil:
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
	case !ok:
		writeErr(w, http.StatusNotFound, api.CodeNotFound, "The bridge knows no such call (yet).")
	case !mine(c, who):
		writeErr(w, http.StatusForbidden, api.CodeForbidden, "This call is another agent's.")
	default:
		return c, true
	}
	return c, false
}

func (s *Server) serveInteraction(w http.ResponseWriter, r *http.Request, who caller) {
	if c, ok := s.withCall(w, r, who, true); ok {
		writeJSON(w, http.StatusOK, s.view(r.Context(), c))
	}
}

func (s *Server) serveCall(w http.ResponseWriter, r *http.Request, who caller) {
	if c, ok := s.withCall(w, r, who, false); ok {
		writeJSON(w, http.StatusOK, s.view(r.Context(), c))
	}
}

// serveAccept takes an offered call: AWA records the accept (unless the
// agent accepted in the inbox), then VCC connects the caller to this agent.
func (s *Server) serveAccept(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Accept
	if !readJSON(w, r, &req) {
		return
	}
	c, ok := s.withCall(w, r, who, true)
	if !ok {
		return
	}
	if d := c.Facts.Desired(); calls.Closed(d.State) {
		writeErr(w, http.StatusConflict, api.CodeConflict, "The caller has hung up.")
		return
	}
	if !req.InWorkspace {
		if req.WorkItemID == "" {
			writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "workItemId is required.")
			return
		}
		err := s.sn.AcceptWorkItem(r.Context(), who.agent.SysID, req.WorkItemID)
		if err != nil && !alreadyAccepted(err) {
			status, code := http.StatusServiceUnavailable, api.CodeUnavailable
			if st := servicenow.Status(err); st >= 400 && st < 500 && st != 429 {
				status, code = http.StatusConflict, api.CodeConflict
			}
			writeErr(w, status, code, "ServiceNow did not take the accept: "+snMessage(err))
			return
		}
	}
	// AWA has set the interaction to work in progress for this agent, whose
	// call it is from now on, before VCC's events say so.
	c, err := s.store.UpdateCall(r.Context(), c.Facts.VCCID, func(c *store.Call) error {
		if calls.Forward(c.Sync.State, calls.StateWorkInProgress) {
			c.Sync.State = calls.StateWorkInProgress
		}
		c.Facts.Apply(calls.Event{Kind: calls.Accepted, At: s.now(), Agent: who.claims.UserID, AgentUser: who.agent.UserName})
		return nil
	})
	if err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	if err := s.handoff.AssignCall(r.Context(), c.Facts.VCCID, who.claims.UserID); err != nil {
		status := http.StatusServiceUnavailable
		if st := vccapi.StatusOf(err); st == http.StatusConflict || st == http.StatusNotFound {
			status = st
		}
		code := map[int]string{http.StatusConflict: api.CodeConflict, http.StatusNotFound: api.CodeNotFound}[status]
		writeErr(w, status, firstNonEmpty(code, api.CodeUnavailable), "Vonage could not connect the call: "+vccMessage(err))
		return
	}
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
}

// alreadyAccepted is AWA's answer to an accept it already took (a retry).
func alreadyAccepted(err error) bool {
	var e *servicenow.Error
	return errors.As(err, &e) && e.Status == http.StatusBadRequest && strings.Contains(e.Detail+e.Message, "not in pending accept state")
}

func (s *Server) serveReject(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Reject
	if !readJSON(w, r, &req) {
		return
	}
	c, ok := s.withCall(w, r, who, true)
	if !ok {
		return
	}
	if err := s.sn.RejectWorkItem(r.Context(), who.agent.SysID, req.WorkItemID, req.ReasonID); err != nil {
		writeErr(w, http.StatusConflict, api.CodeConflict, "ServiceNow did not take the reject: "+snMessage(err))
		return
	}
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
}

// serveMatch records the caller the agent picked among several matches.
func (s *Server) serveMatch(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Match
	if !readJSON(w, r, &req) {
		return
	}
	c, ok := s.withCall(w, r, who, true)
	if !ok {
		return
	}
	m := c.Sync.Match
	var pick *store.Ref
	if m != nil {
		for i := range m.Candidates {
			if m.Candidates[i].Table == req.Table && m.Candidates[i].SysID == req.SysID {
				pick = &m.Candidates[i]
			}
		}
	}
	if pick == nil {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "That record is not one of the call's matches.")
		return
	}
	var v servicenow.VoiceInteraction
	// The API needs at least one interaction parameter (openframe-api.md):
	// the agent working the call is always true to write.
	params := map[string]string{"assigned_to": who.agent.SysID}
	switch pick.Table {
	case "sys_user":
		params["opened_for"] = pick.SysID
	case "customer_contact":
		params["contact"] = pick.SysID
	case "csm_consumer":
		params["consumer"] = pick.SysID
	default:
		v.RelatedRecords = []servicenow.RelatedRecord{{DocumentTable: pick.Table, DocumentID: pick.SysID}}
	}
	v.Interaction.AdditionalParams = params
	if err := s.sn.UpdateVoiceInteraction(r.Context(), c.Sync.InteractionSysID, v); err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "ServiceNow did not take the choice: "+snMessage(err))
		return
	}
	chosen := *pick
	c, err := s.store.UpdateCall(r.Context(), c.Facts.VCCID, func(c *store.Call) error {
		if c.Sync.Match != nil {
			c.Sync.Match.Candidates = nil
			c.Sync.Match.CallerName = strings.Split(chosen.Label, " — ")[0]
			if len(v.RelatedRecords) > 0 {
				c.Sync.Match.Record = &chosen
				c.Sync.Linked = append(c.Sync.Linked, chosen.Table+":"+chosen.SysID)
			}
		}
		return nil
	})
	if err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
}

func (s *Server) serveContext(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Context
	if !readJSON(w, r, &req) {
		return
	}
	if t, id, ok := strings.Cut(req.Regarding, ":"); !ok || t == "" || id == "" || strings.ContainsAny(req.Regarding, "^&=?/") {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "regarding must be table:sys_id.")
		return
	}
	_ = s.applyPanelEvent(w, r, who, calls.Event{Kind: calls.RegardingSet, Regarding: req.Regarding, Agent: who.claims.UserID})
}

// serveTransfer records the agent's blind transfer, which VCC took: the
// panel says so as soon as VCC acknowledged it, so the bridge hands the
// interaction on in AWA (the Offer Work API's transfer) without waiting for
// VCC's events of it, which may come in any order. Only the agent on the
// call may report its transfer.
func (s *Server) serveTransfer(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Transfer
	if !readJSON(w, r, &req) {
		return
	}
	if (req.ToType != "queue" && req.ToType != "agent") || req.To == "" || len(req.To) > 128 || strings.ContainsAny(req.To, "^\r\n") {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "toType must be queue or agent, and to a queue name or user name.")
		return
	}
	c, err := s.store.LoadCall(r.Context(), r.PathValue("vcc_id"))
	switch {
	case err != nil:
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	case c.Version == 0:
		writeErr(w, http.StatusNotFound, api.CodeNotFound, "The bridge knows no such call (yet).")
		return
	case c.Facts.Agent != who.claims.UserID:
		writeErr(w, http.StatusForbidden, api.CodeForbidden, "Only the agent on the call can transfer it.")
		return
	}
	_ = s.applyPanelEvent(w, r, who, calls.Event{Kind: calls.TransferMade, At: s.now(), Agent: who.claims.UserID, ToType: req.ToType, To: req.To})
}

func (s *Server) serveWrapUp(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.WrapUp
	if !readJSON(w, r, &req) {
		return
	}
	if len(req.Notes) > 4000 || len(req.Disposition) > 64 {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "Notes are limited to 4000 characters, dispositions to 64.")
		return
	}
	e := calls.Event{Kind: calls.WrapUpSubmitted, At: s.now(), Agent: who.claims.UserID, Disposition: req.Disposition, Notes: req.Notes}
	if req.Source == api.WrapUpSourceWorkspace {
		e.Source = calls.SourceWorkspace
	}
	if req.Transferred {
		e.Reason = calls.ReasonTransferred
	}
	if s.applyPanelEvent(w, r, who, e) {
		// The code at VCC too, the documented way (v0 Web API); the
		// panel's end of wrap-up at VCC carries none.
		if err := s.queueDisposition(r.Context(), r.PathValue("vcc_id"), req.Disposition, who.agent); err != nil {
			s.log.Warn("the disposition code could not be queued for VCC", "call", r.PathValue("vcc_id"), "err", err)
		}
		s.Kick()
	}
}

// applyPanelEvent folds a fact from the agent's panel into the call and
// queues the sync, and reports whether it did (it answered the request
// either way). The call may be new to the bridge (an outbound call whose
// first webhook has not arrived).
func (s *Server) applyPanelEvent(w http.ResponseWriter, r *http.Request, who caller, e calls.Event) bool {
	id := r.PathValue("vcc_id")
	c, err := s.store.UpdateCall(r.Context(), id, func(c *store.Call) error {
		if c.Version > 0 && !mine(*c, who) {
			return errNotMine
		}
		c.Facts.VCCID = id
		c.Facts.Apply(e)
		return nil
	})
	switch {
	case errors.Is(err, errNotMine):
		writeErr(w, http.StatusForbidden, api.CodeForbidden, "This call is another agent's.")
		return false
	case err != nil:
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return false
	}
	if err := s.store.Enqueue(r.Context(), "call:"+id, opSync, "", s.now(), true); err != nil {
		writeErr(w, http.StatusServiceUnavailable, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return false
	}
	s.Kick()
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
	return true
}

var errNotMine = errors.New("not the agent's call")

// view is the panel's view of a call.
func (s *Server) view(ctx context.Context, c store.Call) api.Interaction {
	f := c.Facts
	d := f.Desired()
	v := api.Interaction{
		SysID: c.Sync.InteractionSysID, Number: c.Sync.Number, VCCID: f.VCCID, State: firstNonEmpty(c.Sync.State, d.State),
		Direction: f.Direction, From: f.From, Queue: f.Queue, Open: !calls.Closed(d.State) && !calls.Closed(c.Sync.State),
	}
	if !f.QueuedAt.IsZero() {
		v.QueuedAt = f.QueuedAt.UTC().Format(time.RFC3339)
	}
	if f.Agent != "" {
		v.AssignedTo = f.AgentUser
		if a, ok, _ := s.store.AgentByVCCID(ctx, f.Agent); ok {
			v.AssignedTo = a.UserName
		}
	}
	if m := c.Sync.Match; m != nil {
		v.CallerName = m.CallerName
		if m.Record != nil {
			v.Record = &api.Record{Table: m.Record.Table, SysID: m.Record.SysID, Query: m.Record.Query, Number: m.Record.Number, Label: m.Record.Label}
		}
		for _, x := range m.Candidates {
			v.Matches = append(v.Matches, api.Record{Table: x.Table, SysID: x.SysID, Query: x.Query, Number: x.Number, Label: x.Label})
		}
	}
	return v
}

func snMessage(err error) string {
	var e *servicenow.Error
	if errors.As(err, &e) && e.Message != "" {
		return strings.TrimSpace(e.Message + " " + e.Detail)
	}
	return err.Error()
}

func vccMessage(err error) string {
	var e *vccapi.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return err.Error()
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	if err := dec.Decode(v); err != nil {
		writeErr(w, http.StatusBadRequest, api.CodeBadRequest, "The request body is not valid JSON for this call: "+err.Error())
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, msg string) {
	var e api.Error
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, status, e)
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
