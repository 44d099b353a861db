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
	"github.com/vccnow/connector/bridge/records"
	"github.com/vccnow/connector/bridge/servicenow"
	"github.com/vccnow/connector/bridge/store"
	"github.com/vccnow/connector/bridge/vccapi"
	"github.com/vccnow/connector/wasm/api"
)

// panelLease is how long a panel counts as open after its last session
// call; the panel renews it every 30 seconds.
const panelLease = 90 * time.Second

func (s *Server) agentRoutes() {
	for route, h := range map[api.Route]func(http.ResponseWriter, *http.Request, caller){
		api.RouteSession: s.serveSession, api.RoutePresence: s.servePresence, api.RoutePresenceSync: s.servePresenceSync,
		api.RouteInteraction: s.serveInteraction, api.RouteAccept: s.serveAccept, api.RouteReject: s.serveReject,
		api.RouteMatch: s.serveMatch, api.RouteCall: s.serveCall, api.RouteContext: s.serveContext,
		api.RouteTransfer: s.serveTransfer, api.RouteWrapUp: s.serveWrapUp, api.RouteTransferAgents: s.serveTransferAgents,
	} {
		s.mux.HandleFunc(route.Mux(), s.agent(h))
	}
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
		if errors.Is(err, vccapi.ErrKeysUnavailable) {
			// Not the agent's fault: the token could not be checked at all.
			s.log.Warn("agent API: VCC's signing keys cannot be had, so no token can be checked", "err", err)
			writeErr(w, api.CodeUnavailable, "The bridge cannot check Vonage sign-ins just now; try again in a minute.")
			return
		}
		if err != nil {
			if ok, retry := s.limits.mayTry(r); !ok {
				writeRateLimited(w, retry) // this address's tokens keep being refused (ratelimit.go)
				return
			}
			s.limits.refusedOne(r)
			msg := "Sign in to Vonage Contact Center again."
			if errors.Is(err, vccapi.ErrTokenExpired) {
				msg = "Your Vonage sign-in has expired. Sign in again."
			}
			s.log.Info("agent API request refused", "method", r.Method, "path", r.URL.Path, "err", err)
			writeErr(w, api.CodeUnauthorized, msg)
			return
		}
		if ok, retry := s.limits.agent(claims.UserID); !ok {
			writeRateLimited(w, retry)
			return
		}
		a, err := s.ensureAgent(r.Context(), claims)
		switch {
		case errors.Is(err, errOtherAccount):
			s.log.Warn("agent API: a user of another VCC account", "vcc_user", claims.UserID)
			writeErr(w, api.CodeAccountMismatch,
				"This ServiceNow instance works with another Vonage Contact Center account. Sign in with a user of that account, or ask your admin.")
		case errors.Is(err, errUnreachable):
			s.log.Warn("agent API: the agent's user could not be read", "vcc_user", claims.UserID, "err", err)
			writeErr(w, api.CodeUnavailable, "Vonage Contact Center or ServiceNow could not be asked who you are; try again.")
		case err != nil:
			s.log.Warn("agent API: no ServiceNow user for the agent", "vcc_user", claims.UserID, "err", err)
			writeErr(w, api.CodeForbidden, err.Error())
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
		s.rememberAgent(a)
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
	if err := s.store.SaveAgentIdentity(ctx, a); err != nil {
		return a, err
	}
	s.rememberAgent(a)
	return a, nil
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request, c caller) {
	c.agent.PanelUntil = s.now().Add(panelLease)
	if err := s.store.SetAgentPanel(r.Context(), c.agent.UserName, c.agent.PanelUntil); err != nil {
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
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
		writeErr(w, api.CodeBadRequest, "presenceId must be one of your account's presence ids.")
		return
	}
	p, err := s.vcc.SetPresence(r.Context(), c.claims.UserID, req.PresenceID)
	switch st := vccapi.StatusOf(err); {
	case err == nil:
		writeJSON(w, http.StatusOK, api.Presence{PresenceID: p.PresenceID, Description: p.Description, Category: p.Category.CategoryType, Selectable: p.Selectable})
	case st == http.StatusBadRequest || st == http.StatusNotFound:
		writeErr(w, api.CodeConflict, "Vonage Contact Center did not take that presence; choose another.")
	default:
		s.log.Warn("agent presence: VCC's Agents API", "vcc_user", c.claims.UserID, "err", err)
		writeErr(w, api.CodeUnavailable, "Vonage Contact Center could not be reached to change your presence; try again.")
	}
}

// servePresenceSync sets the agent's AWA presence again from their VCC
// presence: the panel asks for it when AWA shows a presence VCC does not
// have (the agent chose Available in the workspace while the panel could not
// go Ready). The bridge stays the one writer of AWA presence, and an agent
// can only ask for their own.
func (s *Server) servePresenceSync(w http.ResponseWriter, r *http.Request, c caller) {
	if err := s.store.Enqueue(r.Context(), "presence:"+c.agent.UserName, opPresence, "", s.now(), true); err != nil {
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
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
		c, ok, err := s.store.CallOfInteraction(ctx, sysID)
		if err != nil || ok {
			return c, ok, err
		}
		if !s.now().Before(deadline) {
			return s.lostCreate(ctx, sysID)
		}
		select {
		case <-ctx.Done():
			return store.Call{}, false, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// lostCreate finds the call of an interaction the bridge made without
// hearing so (its create's answer was lost: the bridge was killed, a
// timeout) by the tag of the interaction's short_description, and adopts
// it, so the agent AWA offers it to can answer at once rather than after
// the sync looks for it (records.CreateMayLand). Only a call whose create
// is unanswered is adopted.
func (s *Server) lostCreate(ctx context.Context, sysID string) (store.Call, bool, error) {
	vccID, row, err := s.sync.TaggedInteraction(ctx, sysID)
	if err != nil || vccID == "" || !vccapi.ValidGUID(vccID) {
		return store.Call{}, false, nil
	}
	c, err := s.store.UpdateCall(ctx, vccID, func(c *store.Call) error {
		if c.Version == 0 || !c.Sync.Creating || c.Sync.InteractionSysID != "" {
			return errUnknownCall
		}
		records.Adopt(c, row)
		return nil
	})
	if err != nil {
		return store.Call{}, false, nil
	}
	s.log.Info("an interaction whose create lost its answer is the call's", "call", vccID, "interaction", sysID)
	if err := s.store.Enqueue(ctx, "call:"+vccID, opSync, "", s.now(), true); err == nil {
		s.Kick()
	}
	return c, true, nil
}

// access is what an agent may do with a call.
type access int

const (
	// accessNone: another agent's call.
	accessNone access = iota
	// accessWaiting: the call waits in a queue for AWA to offer it (again).
	// An agent who has its interaction's sys_id (AWA offered it to them)
	// may see that it waits and where, not who calls: the caller's details
	// come with the accept, which AWA authorizes.
	accessWaiting
	// accessPart: the agent handed the call on and wraps up their part.
	accessPart
	// accessOwn: the agent VCC connected the call to, who placed it, or who
	// accepted its offer.
	accessOwn
)

// accessOf says what the agent may do with the call.
func accessOf(c store.Call, who caller) access {
	f := c.Facts
	me := who.claims.UserID
	requeued := c.Sync.TransfersDone < len(f.Transfers)
	waiting := f.Desired().State == calls.StateNew && (requeued || !calls.Forward(calls.StateNew, c.Sync.State))
	switch {
	case f.Agent == me && !f.HandedOn(me):
		return accessOwn
	case f.Agent == me || f.TransferredBy(me):
		return accessPart
	case f.Agent == "" || waiting:
		return accessWaiting
	}
	return accessNone
}

// withCall loads the call of the request's path (an interaction's sys_id or
// VCC's call id) and checks the agent has at least the access asked for. A
// call the bridge has not heard of from VCC is "not found": nothing is
// created for it.
func (s *Server) withCall(w http.ResponseWriter, r *http.Request, who caller, byInteraction bool, least access) (store.Call, access, bool) {
	var c store.Call
	var ok bool
	var err error
	if byInteraction {
		if servicenow.CheckSysID(r.PathValue("sys_id")) != nil {
			writeErr(w, api.CodeNotFound, "The bridge knows no such call.")
			return c, accessNone, false
		}
		c, ok, err = s.callOf(r.Context(), r.PathValue("sys_id"))
	} else {
		if !vccapi.ValidGUID(r.PathValue("vcc_id")) {
			writeErr(w, api.CodeNotFound, "The bridge knows no such call.")
			return c, accessNone, false
		}
		c, err = s.store.LoadCall(r.Context(), r.PathValue("vcc_id"))
		ok = err == nil && c.Version > 0
	}
	switch {
	case err != nil:
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
	case !ok:
		writeErr(w, api.CodeNotFound, "The bridge knows no such call (yet).")
	default:
		a := accessOf(c, who)
		if a >= least {
			return c, a, true
		}
		s.log.Warn("agent API: not the agent's call", "vcc_user", who.claims.UserID, "call", c.Facts.VCCID, "path", r.URL.Path)
		writeErr(w, api.CodeNotYourCall, "This call is another agent's, or was not offered to you.")
	}
	return c, accessNone, false
}

func (s *Server) serveInteraction(w http.ResponseWriter, r *http.Request, who caller) {
	if c, a, ok := s.withCall(w, r, who, true, accessWaiting); ok {
		writeJSON(w, http.StatusOK, s.viewFor(r.Context(), c, a))
	}
}

func (s *Server) serveCall(w http.ResponseWriter, r *http.Request, who caller) {
	if c, a, ok := s.withCall(w, r, who, false, accessPart); ok {
		writeJSON(w, http.StatusOK, s.viewFor(r.Context(), c, a))
	}
}

// serveAccept takes an offered call. AWA says whether it was offered to this
// agent: the panel's accept goes through AWA's accept (which refuses a work
// item of another agent's, and names the work item's document); an accept
// made in the workspace inbox is read back from the interaction, which AWA
// assigned to the agent. Then VCC connects the caller to this agent.
func (s *Server) serveAccept(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Accept
	if !readJSON(w, r, &req) {
		return
	}
	if !req.InWorkspace && servicenow.CheckSysID(req.WorkItemID) != nil {
		writeErr(w, api.CodeBadRequest, "workItemId must be the offer's work item sys_id.")
		return
	}
	c, _, ok := s.withCall(w, r, who, true, accessWaiting)
	if !ok {
		return
	}
	if d := c.Facts.Desired(); calls.Closed(d.State) {
		writeErr(w, api.CodeConflict, "The caller has hung up.")
		return
	}
	sysID := r.PathValue("sys_id")
	if req.InWorkspace {
		ix, err := s.sn.Get(r.Context(), "interaction", sysID, []string{"assigned_to"})
		switch {
		case err != nil:
			writeErr(w, api.CodeUnavailable, "ServiceNow could not be asked who accepted the call: "+snMessage(err))
			return
		case ix["assigned_to"] != who.agent.SysID:
			s.log.Warn("agent API: an accept AWA did not record for the agent", "vcc_user", who.claims.UserID, "interaction", sysID)
			writeErr(w, api.CodeNotYourCall, "AWA has not given you this call.")
			return
		}
	} else {
		got, err := s.sn.AcceptWorkItem(r.Context(), who.agent.SysID, req.WorkItemID)
		switch {
		case err == nil && got.DocumentSysID != sysID:
			s.log.Warn("agent API: accept of a work item for another document", "vcc_user", who.claims.UserID,
				"interaction", sysID, "document", got.DocumentTable+":"+got.DocumentSysID)
			writeErr(w, api.CodeNotYourCall, "That work item is not this call's.")
			return
		case err == nil || alreadyAccepted(err):
		case offeredToAnother(err):
			writeErr(w, api.CodeNotYourCall, "AWA offered this call to another agent.")
			return
		default:
			code := api.CodeUnavailable
			if st := servicenow.Status(err); st >= 400 && st < 500 && st != 429 {
				code = api.CodeConflict
			}
			writeErr(w, code, "ServiceNow did not take the accept: "+snMessage(err))
			return
		}
	}
	// AWA has set the interaction to work in progress for this agent, whose
	// call it is from now on, before VCC's events say so. The save starts
	// from the call read for the request; one changed meanwhile is read
	// again.
	c, err := s.store.UpdateCallFrom(r.Context(), c, func(c *store.Call) error {
		if calls.Forward(c.Sync.State, calls.StateWorkInProgress) {
			c.Sync.State = calls.StateWorkInProgress
		}
		c.Facts.Apply(calls.Event{Kind: calls.Accepted, At: s.now(), Agent: who.claims.UserID, AgentUser: who.agent.UserName})
		return nil
	})
	if err != nil {
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	if err := s.handoff.AssignCall(r.Context(), c.Facts.VCCID, who.claims.UserID); err != nil {
		code := api.CodeUnavailable
		switch vccapi.StatusOf(err) {
		case http.StatusConflict:
			code = api.CodeConflict
		case http.StatusNotFound:
			code = api.CodeNotFound
		}
		writeErr(w, code, "Vonage could not connect the call: "+vccMessage(err))
		return
	}
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
}

// offeredToAnother is AWA's refusal of an accept or reject of a work item
// offered to someone else.
func offeredToAnother(err error) bool {
	var e *servicenow.Error
	return errors.As(err, &e) && e.Status == http.StatusBadRequest && strings.Contains(e.Detail+e.Message, "assigned to a different agent")
}

// alreadyAccepted is AWA's answer to an accept it already took (a retry).
func alreadyAccepted(err error) bool {
	var e *servicenow.Error
	return errors.As(err, &e) && e.Status == http.StatusBadRequest && strings.Contains(e.Detail+e.Message, "not in pending accept state")
}

// serveReject refuses an offered call: AWA's reject, which refuses a work
// item offered to another agent. Without a reason from the panel, the
// configured reason (Config.RejectReason) or the Phone channel's first is
// given.
func (s *Server) serveReject(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Reject
	if !readJSON(w, r, &req) {
		return
	}
	if servicenow.CheckSysID(req.WorkItemID) != nil || (req.ReasonID != "" && servicenow.CheckSysID(req.ReasonID) != nil) {
		writeErr(w, api.CodeBadRequest, "workItemId (and reasonId, if any) must be sys_ids.")
		return
	}
	c, a, ok := s.withCall(w, r, who, true, accessWaiting)
	if !ok {
		return
	}
	reason := req.ReasonID
	if reason == "" {
		// AWA requires a reason; the panel's Reject asks for none.
		var err error
		if reason, err = s.sync.RejectReason(r.Context(), s.cfg.RejectReason); err != nil {
			writeErr(w, api.CodeUnavailable, "ServiceNow could not be asked for a reject reason: "+snMessage(err))
			return
		}
	}
	err := s.sn.RejectWorkItem(r.Context(), who.agent.SysID, req.WorkItemID, reason)
	switch {
	case offeredToAnother(err):
		writeErr(w, api.CodeNotYourCall, "AWA offered this call to another agent.")
	case err != nil:
		writeErr(w, api.CodeConflict, "ServiceNow did not take the reject: "+snMessage(err))
	default:
		writeJSON(w, http.StatusOK, s.viewFor(r.Context(), c, a))
	}
}

// serveMatch records the caller the agent picked among several matches.
func (s *Server) serveMatch(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Match
	if !readJSON(w, r, &req) {
		return
	}
	c, _, ok := s.withCall(w, r, who, true, accessOwn)
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
		writeErr(w, api.CodeBadRequest, "That record is not one of the call's matches.")
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
		writeErr(w, api.CodeUnavailable, "ServiceNow did not take the choice: "+snMessage(err))
		return
	}
	chosen := *pick
	c, err := s.store.UpdateCallFrom(r.Context(), c, func(c *store.Call) error {
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
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return
	}
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
}

// serveContext links the agent's outbound call to the record it was
// dialled from: one of the tables the connector links, by sys_id, and only
// on the agent's own call.
func (s *Server) serveContext(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.Context
	if !readJSON(w, r, &req) {
		return
	}
	if _, err := records.ParseRegarding(req.Regarding); err != nil {
		writeErr(w, api.CodeBadRequest, err.Error())
		return
	}
	_ = s.applyPanelEvent(w, r, who, accessOwn, calls.Event{Kind: calls.RegardingSet, Regarding: req.Regarding, Agent: who.claims.UserID})
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
		writeErr(w, api.CodeBadRequest, "toType must be queue or agent, and to a queue name or user name.")
		return
	}
	_ = s.applyPanelEvent(w, r, who, accessOwn, calls.Event{Kind: calls.TransferMade, At: s.now(), Agent: who.claims.UserID, ToType: req.ToType, To: req.To})
}

func (s *Server) serveWrapUp(w http.ResponseWriter, r *http.Request, who caller) {
	var req api.WrapUp
	if !readJSON(w, r, &req) {
		return
	}
	if len(req.Notes) > 4000 || len(req.Disposition) > 64 {
		writeErr(w, api.CodeBadRequest, "Notes are limited to 4000 characters, dispositions to 64.")
		return
	}
	e := calls.Event{Kind: calls.WrapUpSubmitted, At: s.now(), Agent: who.claims.UserID, Disposition: req.Disposition, Notes: req.Notes}
	if req.Source == api.WrapUpSourceWorkspace {
		e.Source = calls.SourceWorkspace
	}
	if req.Transferred {
		e.Reason = calls.ReasonTransferred
	}
	if s.applyPanelEvent(w, r, who, accessPart, e) {
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
// either way). The call must be one VCC told the bridge about and the agent
// must have at least the access asked for: a fact about any other call
// creates nothing and costs no ServiceNow request (an outbound call's first
// event may still be on its way: the panel sends it again).
func (s *Server) applyPanelEvent(w http.ResponseWriter, r *http.Request, who caller, least access, e calls.Event) bool {
	id := r.PathValue("vcc_id")
	if !vccapi.ValidGUID(id) {
		writeErr(w, api.CodeNotFound, "The bridge knows no such call.")
		return false
	}
	c, err := s.store.UpdateCall(r.Context(), id, func(c *store.Call) error {
		a := accessOf(*c, who)
		switch {
		case c.Version == 0:
			return errUnknownCall
		case e.Kind == calls.TransferMade && a == accessPart && c.Facts.HandedOn(who.claims.UserID):
			// VCC told of the agent's transfer before their panel did:
			// the report adds nothing.
			return errAlreadyKnown
		case a < least:
			return errNotMine
		}
		c.Facts.Apply(e)
		return nil
	})
	switch {
	case errors.Is(err, errAlreadyKnown):
		writeJSON(w, http.StatusOK, s.view(r.Context(), c))
		return true
	case errors.Is(err, errUnknownCall):
		writeErr(w, api.CodeNotFound, "The bridge has not heard of this call from Vonage yet; try again shortly.")
		return false
	case errors.Is(err, errNotMine):
		s.log.Warn("agent API: not the agent's call", "vcc_user", who.claims.UserID, "call", id, "path", r.URL.Path)
		writeErr(w, api.CodeNotYourCall, "This call is another agent's.")
		return false
	case err != nil:
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return false
	}
	if err := s.store.Enqueue(r.Context(), "call:"+id, opSync, "", s.now(), true); err != nil {
		writeErr(w, api.CodeUnavailable, "The bridge's store is unavailable; try again.")
		return false
	}
	s.Kick()
	writeJSON(w, http.StatusOK, s.view(r.Context(), c))
	return true
}

var (
	errNotMine     = errors.New("not the agent's call")
	errUnknownCall = errors.New("a call VCC has not told the bridge about")
	// errAlreadyKnown: the panel reports what the call's facts hold.
	errAlreadyKnown = errors.New("already known")
)

// viewFor is the view the agent's access allows: a waiting call shows only
// that it waits, where and since when.
func (s *Server) viewFor(ctx context.Context, c store.Call, a access) api.Interaction {
	if a >= accessPart {
		return s.view(ctx, c)
	}
	f := c.Facts
	d := f.Desired()
	v := api.Interaction{SysID: c.Sync.InteractionSysID, VCCID: f.VCCID, State: firstNonEmpty(c.Sync.State, d.State),
		Direction: f.Direction, Queue: f.Queue, Open: !calls.Closed(d.State) && !calls.Closed(c.Sync.State), Limited: true}
	s.tellStory(ctx, f, &v)
	return v
}

// view is the panel's view of a call.
func (s *Server) view(ctx context.Context, c store.Call) api.Interaction {
	f := c.Facts
	d := f.Desired()
	v := api.Interaction{
		SysID: c.Sync.InteractionSysID, Number: c.Sync.Number, VCCID: f.VCCID, State: firstNonEmpty(c.Sync.State, d.State),
		Direction: f.Direction, From: f.From, FromDisplay: s.displayNumber(f.From), Queue: f.Queue,
		Open: !calls.Closed(d.State) && !calls.Closed(c.Sync.State),
	}
	s.tellStory(ctx, f, &v)
	if f.Agent != "" {
		v.AssignedTo = f.AgentUser
		if a, ok := s.agentIdentity(ctx, f.Agent); ok {
			v.AssignedTo = a.userName
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

// maxAgentBody caps an agent API request's body: the largest, a wrap-up,
// holds a disposition and the agent's notes.
const maxAgentBody = 64 << 10

// readJSON decodes the request's body into v, or answers 413 too_large
// (over maxAgentBody) or 400 bad_request and reports false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAgentBody))
	if err := dec.Decode(v); err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			writeErr(w, api.CodeTooLarge, fmt.Sprintf("The request body is over %d KB.", maxAgentBody>>10))
			return false
		}
		writeErr(w, api.CodeBadRequest, "The request body is not valid JSON for this call: "+err.Error())
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

// writeErr answers an error of the agent API: its code's status
// (api.Status) and body.
func writeErr(w http.ResponseWriter, code, msg string) {
	var e api.Error
	e.Error.Code, e.Error.Message = code, msg
	writeJSON(w, api.Status(code), e)
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
