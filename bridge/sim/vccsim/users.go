//go:build !js

package vccsim

import (
	"slices"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// Account is a VCC account: one customer's contact centre in one region.
type Account struct {
	ID     string // GUID
	Key    string // the short API key v0 APIs address the account by
	Name   string
	Region string // emea, nam or apac
	// Dispositions are the account's disposition codes (Call Logging).
	Dispositions []string
	Queues       []Queue
	// Presences are the account's presence definitions, in the Agents API's
	// shape; their GUIDs are per account.
	Presences []vccproto.Presence
}

// Queue is an ACD queue of an account.
type Queue struct {
	ID   string // GUID
	Name string // e.g. "support"
	// DDI is the number callers dial to reach the queue (E.164): an
	// inbound call's detail shows it as to.telephoneNumber (webapi.go).
	DDI string
}

// User is a VCC user, with the fields of the User Admin API the simulator
// needs (userAccountConfiguration.agentConfiguration flattened).
type User struct {
	ID        string // GUID userId
	AccountID string
	// UserName is the same as ServiceNow's sys_user.user_name for agents.
	UserName string
	Name     string
	Email    string
	// AgentID is the short numeric agent display id, e.g. "1001".
	AgentID string
	Role    string // Admin, Supervisor or Agent
	// ActAsAgent is userAccountConfiguration.actAsAgent.
	ActAsAgent bool
	// Password signs the user in on the simulator's sign-in page ("demo" for
	// the demo agents).
	Password string
	Active   bool
	Locked   bool
	// WebRTC is agentConfiguration.webrtc: the agent takes calls in the
	// browser softphone.
	WebRTC bool
	// EnforcedDispositionCodes means wrap-up needs a disposition code.
	EnforcedDispositionCodes bool
}

// User roles.
const (
	RoleAdmin      = "Admin"
	RoleSupervisor = "Supervisor"
	RoleAgent      = "Agent"
)

// oauthClient is a registered OAuth client.
type oauthClient struct {
	ID     string
	Name   string
	Secret string // empty for public clients
	Public bool
	// RedirectURIs are exact-match redirect URIs (authorization code).
	RedirectURIs []string
	Scopes       []string
	// DefaultScope is granted when an authorization request names none.
	DefaultScope string
	// User links a confidential client to the user whose permissions its
	// tokens carry (VCC's user-level API credentials).
	User *User
}

// seed is everything loaded from the seed folder; read-only after New.
type seed struct {
	accounts []*Account // the first is the primary account
	users    []*User
	byID     map[string]*User
	byName   map[string]*User
	clients  map[string]*oauthClient
}

// userByName finds a user by user name (case-insensitive, as VCC's sign-in).
func (s *Server) userByName(name string) (*User, bool) {
	u, ok := s.seed.byName[strings.ToLower(name)]
	return u, ok
}

// userByID finds a user by GUID.
func (s *Server) userByID(id string) (*User, bool) {
	u, ok := s.seed.byID[strings.ToLower(id)]
	return u, ok
}

// account is the primary account: the one whose queues the ACD serves and
// whose agents the demo signs in. The seed may hold others (to test that the
// bridge refuses a second account).
func (s *Server) account() Account { return *s.seed.accounts[0] }

// accountByID finds any seeded account.
func (s *Server) accountByID(id string) (*Account, bool) {
	for _, a := range s.seed.accounts {
		if strings.EqualFold(a.ID, id) {
			return a, true
		}
	}
	return nil, false
}

// allScopes lists every scope some client may ask for.
func (sd *seed) allScopes() []string {
	var all []string
	for _, c := range sd.clients {
		all = append(all, c.Scopes...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}
