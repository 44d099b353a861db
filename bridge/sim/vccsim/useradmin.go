//go:build !js

package vccsim

import (
	"net/http"
	"sync"
	"time"
)

// The User Admin API's user, the part the bridge reads: GET
// /useradmin/users/{userId} with Accept
// application/vnd.newvoicemedia.v4+json and a token of scope users:read
// (User Admin API, https://newvoicemedia.atlassian.net/wiki/pages/diffpagesbyversion.action?pageId=3568795748;
// "How to authenticate with a VCC API" for the scope). The bridge takes the
// agent's username and agentDisplayId from it, since access tokens name
// neither.
//
// Only version 4 is simulated (an older version is 400
// UnsupportedApiVersion). A user reads their own record; admins and
// supervisors read every user of their account (the simulator has no
// groups); anyone else is 403. A user of another account, or none, is 404.

// userAdminVersion is the User Admin API version the simulator serves.
const userAdminVersion = "4"

func (s *Server) userAdminRoutes() {
	s.mux.HandleFunc("GET /useradmin/users/{userId}", s.serveUser)
}

// adminUser is the user object of version 4, with the fields the seed
// holds ("_ExcerptAPIUserObjectUpdate" says what each means).
type adminUser struct {
	UserID        string              `json:"userId"`
	Username      string              `json:"username"`
	Name          string              `json:"name"`
	Email         string              `json:"email"`
	LastLoginTime *string             `json:"lastLoginTime"`
	Active        bool                `json:"active"`
	Locked        bool                `json:"locked"`
	Configuration userAccountSettings `json:"userAccountConfiguration"`
}

type userAccountSettings struct {
	Role       string              `json:"role"`
	ActAsAgent bool                `json:"actAsAgent"`
	Agent      *agentConfiguration `json:"agentConfiguration,omitempty"`
}

type agentConfiguration struct {
	AgentDisplayID           string `json:"agentDisplayId"`
	WebRTC                   bool   `json:"webrtc"`
	EnforcedDispositionCodes bool   `json:"enforcedDispositionCodes"`
}

func (s *Server) adminUser(u *User) adminUser {
	v := adminUser{UserID: u.ID, Username: u.UserName, Name: u.Name, Email: u.Email, Active: u.Active, Locked: u.Locked,
		Configuration: userAccountSettings{Role: u.Role, ActAsAgent: u.ActAsAgent}}
	if t, ok := s.logins.last(u.ID); ok {
		at := t.UTC().Format("2006-01-02T15:04:05.000Z")
		v.LastLoginTime = &at
	}
	if u.AgentID != "" {
		v.Configuration.Agent = &agentConfiguration{AgentDisplayID: u.AgentID, WebRTC: u.WebRTC,
			EnforcedDispositionCodes: u.EnforcedDispositionCodes}
	}
	return v
}

func (s *Server) serveUser(w http.ResponseWriter, r *http.Request) {
	_, caller, ok := s.versionedGateway(w, r, userAdminVersion, scopeUsersRead)
	if !ok {
		return
	}
	id := r.PathValue("userId")
	if !isGUID(id) {
		writeMessage(w, http.StatusBadRequest, invalidRequestMessage)
		return
	}
	u, found := s.userByID(id)
	switch {
	case !found || u.AccountID != caller.AccountID:
		writeMessage(w, http.StatusNotFound, "No user "+id+" in this account.")
	case !mayManage(caller, u):
		writeMessage(w, http.StatusForbidden, "Agents may read only their own user; use your own user id.")
	default:
		writeJSON(w, http.StatusOK, s.adminUser(u))
	}
}

// loginBook remembers each user's last sign-in (lastLoginTime).
type loginBook struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (b *loginBook) record(userID string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.at == nil {
		b.at = map[string]time.Time{}
	}
	b.at[userID] = at
}

func (b *loginBook) last(userID string) (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.at[userID]
	return t, ok
}

// signedIn records that a user signed in on the sign-in page now.
func (s *Server) signedIn(userID string) { s.logins.record(userID, s.now()) }
