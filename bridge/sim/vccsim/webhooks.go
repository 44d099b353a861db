//go:build !js

package vccsim

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// Webhooks API scopes.
const (
	scopeAdminRead  = "admin:read"
	scopeAdminWrite = "admin:write"
)

// webhookRoutes serves VCC's Webhooks API (Accept
// application/vnd.newvoicemedia.v1+json; admin users' tokens):
// https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914432535
func (s *Server) webhookRoutes() {
	s.mux.HandleFunc("GET /webhooks/event-types", s.serveEventTypes)
	s.mux.HandleFunc("GET /webhooks/subscriptions", s.serveListSubscriptions)
	s.mux.HandleFunc("POST /webhooks/subscriptions", s.serveCreateSubscription)
	s.mux.HandleFunc("GET /webhooks/subscriptions/{id}", s.serveGetSubscription)
	s.mux.HandleFunc("PATCH /webhooks/subscriptions/{id}", s.servePatchSubscription)
	s.mux.HandleFunc("DELETE /webhooks/subscriptions/{id}", s.serveDeleteSubscription)
}

// webhookAdmin passes the gateway for the Webhooks API: an Admin user's
// token with one of scopes.
func (s *Server) webhookAdmin(w http.ResponseWriter, r *http.Request, scopes ...string) (*User, bool) {
	return s.adminGateway(w, r, "manage webhooks", scopes...)
}

func (s *Server) serveEventTypes(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.webhookAdmin(w, r, scopeAdminRead, scopeAdminWrite); ok {
		writeJSON(w, http.StatusOK, map[string]any{"eventTypes": eventTypes()})
	}
}

func (s *Server) serveListSubscriptions(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.webhookAdmin(w, r, scopeAdminRead, scopeAdminWrite)
	if !ok {
		return
	}
	e := s.hooks
	e.mu.Lock()
	out := []subscriptionView{}
	for _, sub := range e.subs {
		if sub.AccountID == caller.AccountID {
			out = append(out, sub.view(false))
		}
	}
	e.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Created < out[j].Created })
	writeJSON(w, http.StatusOK, map[string]any{"subscriptions": out})
}

func (s *Server) serveCreateSubscription(w http.ResponseWriter, r *http.Request) {
	caller, in, ok := s.subscriptionRequest(w, r, true)
	if !ok {
		return
	}
	now := s.now()
	secret := newSecret()
	key, _ := decodeSecret(secret)
	sub := &subscription{ID: newKSUID(now), AccountID: caller.AccountID, Enabled: true, Secret: secret, key: key, Created: now}
	e := s.hooks
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.nameTaken(caller.AccountID, *in.Name, "") {
		writeMessage(w, http.StatusConflict, "A subscription named "+*in.Name+" exists already; choose another name.")
		return
	}
	e.apply(sub, in, now)
	e.subs[sub.ID] = sub
	e.start(sub)
	s.log.Printf("webhooks: subscription %s %q → %s for %v", sub.ID, sub.Name, sub.URL, sub.Events)
	writeJSON(w, http.StatusCreated, sub.view(true))
}

// subscriptionRequest passes the gateway for a create (POST) or update
// (PATCH) and reads and validates its body, answering the request itself
// when something is wrong.
func (s *Server) subscriptionRequest(w http.ResponseWriter, r *http.Request, create bool) (*User, subscriptionInput, bool) {
	var in subscriptionInput
	caller, ok := s.webhookAdmin(w, r, scopeAdminWrite)
	if !ok {
		return nil, in, false
	}
	if err := readJSON(r, &in); err != nil {
		validationError(w, "", err.Error())
		return nil, in, false
	}
	if errs := in.validate(create); len(errs) > 0 {
		writeValidationErrors(w, errs)
		return nil, in, false
	}
	return caller, in, true
}

func (s *Server) serveGetSubscription(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.webhookAdmin(w, r, scopeAdminRead, scopeAdminWrite)
	if !ok {
		return
	}
	e := s.hooks
	e.mu.Lock()
	defer e.mu.Unlock()
	if sub := e.find(w, caller, r.PathValue("id")); sub != nil {
		writeJSON(w, http.StatusOK, sub.view(false))
	}
}

func (s *Server) servePatchSubscription(w http.ResponseWriter, r *http.Request) {
	caller, in, ok := s.subscriptionRequest(w, r, false)
	if !ok {
		return
	}
	e := s.hooks
	e.mu.Lock()
	defer e.mu.Unlock()
	sub := e.find(w, caller, r.PathValue("id"))
	if sub == nil {
		return
	}
	if in.Name != nil && e.nameTaken(caller.AccountID, *in.Name, sub.ID) {
		writeMessage(w, http.StatusConflict, "A subscription named "+*in.Name+" exists already; choose another name.")
		return
	}
	e.apply(sub, in, s.now())
	writeJSON(w, http.StatusOK, sub.view(in.Secret != nil))
}

func (s *Server) serveDeleteSubscription(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.webhookAdmin(w, r, scopeAdminWrite)
	if !ok {
		return
	}
	e := s.hooks
	e.mu.Lock()
	defer e.mu.Unlock()
	sub := e.find(w, caller, r.PathValue("id"))
	if sub == nil {
		return
	}
	sub.cancel()
	e.discardPending(sub)
	delete(e.subs, sub.ID)
	w.WriteHeader(http.StatusNoContent)
}

// find looks a subscription of the caller's account up, answering 404
// itself when there is none; e.mu is held.
func (e *webhookEngine) find(w http.ResponseWriter, caller *User, id string) *subscription {
	sub, ok := e.subs[id]
	if !ok || sub.AccountID != caller.AccountID {
		writeMessage(w, http.StatusNotFound, "No webhook subscription "+id+" in this account.")
		return nil
	}
	return sub
}

// nameTaken reports whether another subscription of the account has the
// name; e.mu is held.
func (e *webhookEngine) nameTaken(accountID, name, exceptID string) bool {
	for _, sub := range e.subs {
		if sub.AccountID == accountID && sub.ID != exceptID && strings.EqualFold(sub.Name, name) {
			return true
		}
	}
	return false
}

// apply updates a subscription from a validated PATCH; e.mu is held.
// Disabling it discards the events not yet delivered.
func (e *webhookEngine) apply(sub *subscription, in subscriptionInput, now time.Time) {
	if in.Name != nil {
		sub.Name = *in.Name
	}
	if in.URL != nil {
		sub.URL = *in.URL
	}
	if in.Events != nil {
		sub.Events = slices.Clone(*in.Events)
	}
	if in.Secret != nil {
		sub.Secret = *in.Secret
		sub.key, _ = decodeSecret(sub.Secret)
	}
	if in.Enabled != nil {
		sub.Enabled = *in.Enabled
		if !sub.Enabled {
			e.discardPending(sub)
		}
	}
	sub.Updated = now
}

// discardPending drops a subscription's queued events; e.mu is held.
func (e *webhookEngine) discardPending(sub *subscription) {
	for _, a := range sub.pending {
		a.record.Status = deliveryDiscarded
	}
	sub.pending = nil
}
