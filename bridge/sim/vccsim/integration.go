//go:build !js

package vccsim

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// The account's ServiceNow integration: which ServiceNow instance the
// account is linked to. VCC's ServiceNow integration registers exactly one
// instance per account (integration guide: "Vonage Contact Center and
// ServiceNow Voice integration guide"); its registry is configured in the
// VCC admin portal and has no public API. This is the simulator's stand-in
// for that registry, behind the same API gateway as VCC's admin APIs
// (Accept application/vnd.newvoicemedia.v1+json, an admin user's token):
//
//	PUT    /integrations/servicenow  {"instanceUrl":"https://acme.service-now.com"}
//	         scope admin:write. The first registration links the account to
//	         the instance: 200 with the link. The same instance again: 200.
//	         Another instance: 409 {"message":"This Vonage Contact Center
//	         account is already linked to the ServiceNow instance <url>.
//	         Unlink it in the VCC admin portal first."}
//	GET    /integrations/servicenow  scope admin:read or admin:write: 200 with
//	         the link, 404 when the account has none
//	DELETE /integrations/servicenow  scope admin:write: 204; unlinks (tests,
//	         and what the admin portal's Unlink does)
//
// An instance is its origin: scheme and host, lower case, without a path
// (an http URL is allowed, for simulated instances on this machine). Once an
// account is linked, a softphone hello from a panel whose client.instance is
// another instance is refused with error code account_mismatch
// (checkInstance).

// instanceLinks holds each account's linked ServiceNow instance.
type instanceLinks struct {
	mu    sync.Mutex
	links map[string]instanceLink // account id → its link
}

// instanceLink is an account's ServiceNow integration, as the API shows it.
type instanceLink struct {
	AccountID   string `json:"accountId"`
	InstanceURL string `json:"instanceUrl"`
	// LinkedAt is when the account was linked (RFC 3339).
	LinkedAt string `json:"linkedAt"`
	// LinkedBy is the user name of the admin whose credentials linked it.
	LinkedBy string `json:"linkedBy"`
}

func newInstanceLinks() *instanceLinks {
	return &instanceLinks{links: map[string]instanceLink{}}
}

// link links the account to instance unless it is linked to another one;
// it returns the account's link and whether it is to instance.
func (l *instanceLinks) link(accountID, instance, by string, now time.Time) (instanceLink, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur, ok := l.links[accountID]; ok {
		return cur, cur.InstanceURL == instance
	}
	cur := instanceLink{AccountID: accountID, InstanceURL: instance, LinkedAt: now.UTC().Format(time.RFC3339), LinkedBy: by}
	l.links[accountID] = cur
	return cur, true
}

// get returns the account's link, if any.
func (l *instanceLinks) get(accountID string) (instanceLink, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cur, ok := l.links[accountID]
	return cur, ok
}

func (l *instanceLinks) unlink(accountID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.links, accountID)
}

// instanceOrigin normalizes a ServiceNow instance URL to its origin
// (https://acme.service-now.com); it fails for anything but an absolute
// http(s) URL without a query or fragment.
func instanceOrigin(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http":
		return "", fmt.Errorf("instanceUrl %q is not an absolute https URL such as https://acme.service-now.com", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", fmt.Errorf("instanceUrl %q must be the instance's address only, without user, query or fragment", raw)
	case u.Path != "" && u.Path != "/":
		return "", fmt.Errorf("instanceUrl %q must be the instance's address only, without the path %s", raw, u.Path)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

func (s *Server) integrationRoutes() {
	s.mux.HandleFunc("PUT /integrations/servicenow", s.serveLinkInstance)
	s.mux.HandleFunc("GET /integrations/servicenow", s.serveGetInstanceLink)
	s.mux.HandleFunc("DELETE /integrations/servicenow", s.serveUnlinkInstance)
}

const linkTask = "manage the ServiceNow integration"

func (s *Server) serveLinkInstance(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.adminGateway(w, r, linkTask, scopeAdminWrite)
	if !ok {
		return
	}
	var body struct {
		InstanceURL string `json:"instanceUrl"`
	}
	if err := readJSON(r, &body); err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	if body.InstanceURL == "" {
		validationError(w, "instanceUrl", "The InstanceUrl field is required.")
		return
	}
	instance, err := instanceOrigin(body.InstanceURL)
	if err != nil {
		validationError(w, "instanceUrl", err.Error())
		return
	}
	cur, same := s.links.link(caller.AccountID, instance, caller.UserName, s.now())
	if !same {
		writeMessage(w, http.StatusConflict, "This Vonage Contact Center account is already linked to the ServiceNow instance "+
			cur.InstanceURL+". Unlink it in the VCC admin portal first.")
		return
	}
	s.log.Printf("integration: account %s linked to %s", caller.AccountID, instance)
	writeJSON(w, http.StatusOK, cur)
}

func (s *Server) serveGetInstanceLink(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.adminGateway(w, r, linkTask, scopeAdminRead, scopeAdminWrite)
	if !ok {
		return
	}
	cur, linked := s.links.get(caller.AccountID)
	if !linked {
		writeMessage(w, http.StatusNotFound, "This Vonage Contact Center account is not linked to a ServiceNow instance; register one with PUT /integrations/servicenow.")
		return
	}
	writeJSON(w, http.StatusOK, cur)
}

func (s *Server) serveUnlinkInstance(w http.ResponseWriter, r *http.Request) {
	caller, ok := s.adminGateway(w, r, linkTask, scopeAdminWrite)
	if !ok {
		return
	}
	s.links.unlink(caller.AccountID)
	w.WriteHeader(http.StatusNoContent)
}

// checkInstance refuses a softphone panel running in another ServiceNow
// instance than the one the account is linked to; any instance is fine
// while the account is not linked.
func (s *Server) checkInstance(acct *Account, clientInstance string) error {
	cur, linked := s.links.get(acct.ID)
	if !linked {
		return nil
	}
	instance, err := instanceOrigin(clientInstance)
	if err == nil && instance == cur.InstanceURL {
		return nil
	}
	where := "an instance it did not name"
	if clientInstance != "" {
		where = clientInstance
	}
	return refuse(vccproto.ErrCodeAccount,
		"Your Vonage Contact Center account is linked to the ServiceNow instance %s, so the softphone works only there, "+
			"and this panel runs in %s. Open the Agent Workspace of %s, or ask your VCC administrator to link this instance instead.",
		cur.InstanceURL, where, cur.InstanceURL)
}
