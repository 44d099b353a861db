//go:build !js

package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// loadAgent is one of the load suite's simulated agents: a VCC user of the
// demo account and the ServiceNow user of the same user_name.
type loadAgent struct {
	UserName string
	// UserID and AgentID are the agent's VCC ids; SysID their sys_user.
	UserID, AgentID, SysID string
	// Token is the agent's VCC access token, minted by the simulator.
	Token string
}

// writeLoadSeed copies testdata's seeds into dir (servicenow/ and vcc/) and
// adds n agents to the demo account: VCC users load.agent.NNN (password
// "demo") and ServiceNow users of the same name, so that the bridge finds
// each agent's sys_user as it does for the demo agents.
func writeLoadSeed(root, dir string, n int) ([]loadAgent, error) {
	for _, sub := range []string{"servicenow", "vcc"} {
		if err := copyDir(filepath.Join(root, "testdata", sub), filepath.Join(dir, sub)); err != nil {
			return nil, fmt.Errorf("copy the %s seed: %w", sub, err)
		}
	}
	var vccUsers []map[string]any
	if err := readJSON(filepath.Join(dir, "vcc", "users.json"), &vccUsers); err != nil {
		return nil, err
	}
	account := ""
	for _, u := range vccUsers {
		if u["username"] == "beth.anglin" {
			account, _ = u["accountId"].(string)
		}
	}
	if account == "" {
		return nil, fmt.Errorf("testdata/vcc/users.json has no beth.anglin: the load agents join her account")
	}
	var snUsers []map[string]any
	if err := readJSON(filepath.Join(dir, "servicenow", "sys_user.json"), &snUsers); err != nil {
		return nil, err
	}
	agents := make([]loadAgent, n)
	for i := range agents {
		a := loadAgent{UserName: fmt.Sprintf("load.agent.%03d", i+1), UserID: newUUID(), AgentID: fmt.Sprint(5001 + i), SysID: randomHex(16)}
		agents[i] = a
		name := fmt.Sprintf("Load Agent %03d", i+1)
		vccUsers = append(vccUsers, map[string]any{
			"userId": a.UserID, "accountId": account, "username": a.UserName, "name": name,
			"email": a.UserName + "@example.com", "active": true, "locked": false, "password": "demo",
			"userAccountConfiguration": map[string]any{"role": "Agent", "actAsAgent": true,
				"agentConfiguration": map[string]any{"agentDisplayId": a.AgentID, "webrtc": true, "enforcedDispositionCodes": false}},
		})
		snUsers = append(snUsers, map[string]any{
			"sys_id": a.SysID, "user_name": a.UserName, "first_name": "Load", "last_name": fmt.Sprintf("Agent %03d", i+1),
			"name": name, "email": a.UserName + "@example.com", "active": "true", "locked_out": "false", "title": "Agent",
		})
	}
	if err := writeJSON(filepath.Join(dir, "vcc", "users.json"), vccUsers); err != nil {
		return nil, err
	}
	return agents, writeJSON(filepath.Join(dir, "servicenow", "sys_user.json"), snUsers)
}

func copyDir(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// newUUID is a random (version 4) UUID, the shape of VCC's ids.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// randomHex is n random bytes in hex (a sys_id is 16).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
