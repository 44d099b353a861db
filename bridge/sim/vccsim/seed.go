//go:build !js

package vccsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// The seed files' shapes: accounts.json, users.json (the User Admin API's
// user object, plus accountId and password) and clients.json.
type (
	seedAccount struct {
		AccountID           string              `json:"accountId"`
		Key                 string              `json:"key"`
		Name                string              `json:"name"`
		Region              string              `json:"region"`
		DispositionCodes    []string            `json:"dispositionCodes"`
		Queues              []seedQueue         `json:"queues"`
		PresenceDefinitions []vccproto.Presence `json:"presenceDefinitions"`
	}
	// seedQueue.DDI is the number callers dial to reach the queue (E.164).
	seedQueue struct {
		QueueID string `json:"queueId"`
		Name    string `json:"name"`
		DDI     string `json:"ddi"`
	}
	seedUser struct {
		UserID    string `json:"userId"`
		AccountID string `json:"accountId"`
		Username  string `json:"username"`
		Name      string `json:"name"`
		Email     string `json:"email"`
		Active    bool   `json:"active"`
		Locked    bool   `json:"locked"`
		Password  string `json:"password"`
		Config    struct {
			Role       string `json:"role"`
			ActAsAgent bool   `json:"actAsAgent"`
			Agent      *struct {
				AgentDisplayID           string `json:"agentDisplayId"`
				WebRTC                   bool   `json:"webrtc"`
				EnforcedDispositionCodes bool   `json:"enforcedDispositionCodes"`
			} `json:"agentConfiguration"`
		} `json:"userAccountConfiguration"`
	}
	// seedClient.RedirectURIs may use "{panelOrigin}", which expands to each
	// of Config.PanelOrigins; the connector's client also gets
	// Config.PanelRedirectURIs.
	seedClient struct {
		ClientID     string   `json:"clientId"`
		Name         string   `json:"name"`
		Secret       string   `json:"secret"`
		Public       bool     `json:"public"`
		RedirectURIs []string `json:"redirectUris"`
		Scopes       []string `json:"scopes"`
		DefaultScope string   `json:"defaultScope"`
		User         string   `json:"user"`
	}
)

// loadSeed reads accounts.json, users.json and clients.json from dir;
// panelOrigins and panelRedirects complete the connector client's redirect
// URIs (Config.PanelOrigins, Config.PanelRedirectURIs).
func loadSeed(dir string, panelOrigins, panelRedirects []string) (*seed, error) {
	if dir == "" {
		return nil, errors.New("vcc sim: seed directory is empty; point Config.SeedDir at testdata/vcc")
	}
	var (
		accounts []seedAccount
		users    []seedUser
		clients  []seedClient
	)
	for name, v := range map[string]any{"accounts.json": &accounts, "users.json": &users, "clients.json": &clients} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("vcc sim: read seed: %w", err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("vcc sim: seed %s: %w", filepath.Join(dir, name), err)
		}
	}
	sd := &seed{byID: map[string]*User{}, byName: map[string]*User{}, clients: map[string]*oauthClient{}}
	for _, a := range accounts {
		acc, err := a.account()
		if err != nil {
			return nil, fmt.Errorf("vcc sim: seed accounts.json: %w", err)
		}
		sd.accounts = append(sd.accounts, acc)
	}
	if len(sd.accounts) == 0 {
		return nil, errors.New("vcc sim: seed accounts.json holds no account")
	}
	ddis := map[string]string{}
	for _, acc := range sd.accounts {
		for _, q := range acc.Queues {
			if other, taken := ddis[q.DDI]; taken {
				return nil, fmt.Errorf("vcc sim: seed accounts.json: queues %s and %s have the same ddi %s; each queue has its own number", other, q.Name, q.DDI)
			}
			ddis[q.DDI] = q.Name
		}
	}
	for _, su := range users {
		if err := sd.addUser(su); err != nil {
			return nil, fmt.Errorf("vcc sim: seed users.json: %w", err)
		}
	}
	for _, sc := range clients {
		if sc.ClientID == connectorClientID {
			sc.RedirectURIs = append(slices.Clone(sc.RedirectURIs), panelRedirects...)
		}
		if err := sd.addClient(sc, panelOrigins); err != nil {
			return nil, fmt.Errorf("vcc sim: seed clients.json: %w", err)
		}
	}
	return sd, nil
}

func (a seedAccount) account() (*Account, error) {
	if !isGUID(a.AccountID) {
		return nil, fmt.Errorf("account %q: accountId %q is not a GUID", a.Name, a.AccountID)
	}
	acc := &Account{ID: strings.ToLower(a.AccountID), Key: a.Key, Name: a.Name, Region: a.Region,
		Dispositions: a.DispositionCodes, Presences: a.PresenceDefinitions}
	for _, q := range a.Queues {
		if !isGUID(q.QueueID) || q.Name == "" || !vccproto.IsE164(q.DDI) {
			return nil, fmt.Errorf("account %q: queue %q needs a name, a GUID queueId and its dialled number (ddi) in E.164", a.Name, q.Name)
		}
		acc.Queues = append(acc.Queues, Queue{ID: strings.ToLower(q.QueueID), Name: q.Name, DDI: q.DDI})
	}
	for _, cat := range []string{vccproto.CategoryReady, vccproto.CategoryLoggedOut} {
		if !slices.ContainsFunc(acc.Presences, func(p vccproto.Presence) bool { return p.Category.CategoryType == cat }) {
			return nil, fmt.Errorf("account %q: no presence definition of category %s", a.Name, cat)
		}
	}
	for _, p := range acc.Presences {
		if !isGUID(p.PresenceID) {
			return nil, fmt.Errorf("account %q: presence %q: presenceId is not a GUID", a.Name, p.Description)
		}
	}
	return acc, nil
}

func (sd *seed) addUser(su seedUser) error {
	u := &User{ID: strings.ToLower(su.UserID), AccountID: strings.ToLower(su.AccountID), UserName: su.Username,
		Name: su.Name, Email: su.Email, Role: su.Config.Role, ActAsAgent: su.Config.ActAsAgent,
		Password: su.Password, Active: su.Active, Locked: su.Locked}
	if ac := su.Config.Agent; ac != nil {
		u.AgentID, u.WebRTC, u.EnforcedDispositionCodes = ac.AgentDisplayID, ac.WebRTC, ac.EnforcedDispositionCodes
	}
	switch {
	case !isGUID(u.ID):
		return fmt.Errorf("user %q: userId %q is not a GUID", su.Username, su.UserID)
	case u.UserName == "":
		return fmt.Errorf("user %s has no username", u.ID)
	case !slices.Contains([]string{RoleAdmin, RoleSupervisor, RoleAgent}, u.Role):
		return fmt.Errorf("user %q: role %q is not Admin, Supervisor or Agent", u.UserName, u.Role)
	case u.Role == RoleAgent && u.AgentID == "":
		return fmt.Errorf("user %q is an agent without agentConfiguration.agentDisplayId", u.UserName)
	case sd.byID[u.ID] != nil || sd.byName[strings.ToLower(u.UserName)] != nil:
		return fmt.Errorf("user %q: userId or username used twice", u.UserName)
	}
	if !slices.ContainsFunc(sd.accounts, func(a *Account) bool { return a.ID == u.AccountID }) {
		return fmt.Errorf("user %q: account %q is not in accounts.json", u.UserName, su.AccountID)
	}
	sd.users = append(sd.users, u)
	sd.byID[u.ID] = u
	sd.byName[strings.ToLower(u.UserName)] = u
	return nil
}

func (sd *seed) addClient(sc seedClient, panelOrigins []string) error {
	c := &oauthClient{ID: sc.ClientID, Name: sc.Name, Secret: sc.Secret, Public: sc.Public,
		Scopes: sc.Scopes, DefaultScope: sc.DefaultScope}
	switch {
	case c.ID == "" || sd.clients[c.ID] != nil:
		return fmt.Errorf("client %q: clientId empty or used twice", c.ID)
	case c.Public == (c.Secret != ""):
		return fmt.Errorf("client %q: a public client has no secret, a confidential one needs one", c.ID)
	case !c.Public && sc.User == "":
		return fmt.Errorf("client %q: a confidential client needs the user its tokens act for", c.ID)
	}
	if sc.User != "" {
		u := sd.byName[strings.ToLower(sc.User)]
		if u == nil || (u.Role != RoleAdmin && u.Role != RoleSupervisor) {
			return fmt.Errorf("client %q: user %q is not a seeded admin or supervisor (only they hold API credentials)", c.ID, sc.User)
		}
		c.User = u
	}
	for _, uri := range sc.RedirectURIs {
		if !strings.Contains(uri, "{panelOrigin}") {
			c.RedirectURIs = append(c.RedirectURIs, uri)
			continue
		}
		for _, o := range panelOrigins {
			c.RedirectURIs = append(c.RedirectURIs, strings.ReplaceAll(uri, "{panelOrigin}", strings.TrimSuffix(o, "/")))
		}
	}
	sd.clients[c.ID] = c
	return nil
}
