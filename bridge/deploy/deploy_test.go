//go:build !js

// Package deploy holds what runs the bridge as a service: a hardened
// systemd unit, an OCI image recipe for its static binary and the
// environment file template. Its tests check them against the bridge.
package deploy

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The template names every VCCNOW_ variable the native bridge reads, and
// nothing it does not.
func TestEnvTemplateNamesEverySetting(t *testing.T) {
	src, err := os.ReadFile("../cmd/bridge/settings.go")
	require.NoError(t, err)
	tmpl, err := os.ReadFile("bridge.env")
	require.NoError(t, err)
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`"(VCCNOW_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		read[m[1]] = true
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^(VCCNOW_[A-Z_]+)=`).FindAllStringSubmatch(string(tmpl), -1) {
		named[m[1]] = true
	}
	require.NotEmpty(t, read)
	assert.Equal(t, read, named)
}

// The unit is hardened as the README says, and systemd accepts it.
func TestSystemdUnit(t *testing.T) {
	unit, err := os.ReadFile("vccnow-bridge.service")
	require.NoError(t, err)
	for _, line := range []string{"DynamicUser=yes", "NoNewPrivileges=yes", "StateDirectory=vccnow-bridge", "StateDirectoryMode=0700",
		"ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=", "EnvironmentFile=/etc/vccnow/bridge.env"} {
		assert.Contains(t, strings.Split(string(unit), "\n"), line)
	}
	path, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze is not on this machine: the unit's syntax is not verified")
		return
	}
	// verify wants ExecStart's binary to exist: point it at a stand-in.
	dir := t.TempDir()
	fake := dir + "/bridge"
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755))
	u := strings.ReplaceAll(string(unit), "/usr/local/bin/bridge", fake)
	require.NoError(t, os.WriteFile(dir+"/vccnow-bridge.service", []byte(u), 0o644))
	out, err := exec.Command(path, "verify", dir+"/vccnow-bridge.service").CombinedOutput()
	t.Logf("systemd-analyze verify:\n%s", out)
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "vccnow-bridge.service") && !strings.Contains(l, "EnvironmentFile") {
			t.Errorf("systemd-analyze: %s", l)
		}
	}
	if err != nil {
		t.Logf("systemd-analyze verify: %v (it checks this machine's units too)", err)
	}
}

// The image's binary builds static, without cgo.
func TestStaticBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the bridge")
	}
	out := t.TempDir() + "/bridge"
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "../cmd/bridge")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, string(b))
	if file, err := exec.LookPath("file"); err == nil {
		desc, _ := exec.Command(file, out).Output()
		assert.Contains(t, string(desc), "statically linked")
	}
}
