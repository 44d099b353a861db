//go:build !js

package bridge_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The product's programs link none of the test world: no simulator, no dev
// stack, no harness, no browser driver. A simulator linked into the bridge
// could answer in ServiceNow's or VCC's place without anyone noticing.
func TestProductProgramsLinkNoTestWorld(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{
		"github.com/vccnow/connector/bridge/sim/",
		"github.com/vccnow/connector/bridge/devstack",
		"github.com/vccnow/connector/bridge/bridgetest",
		"github.com/vccnow/connector/bridge/e2e",
		"github.com/vccnow/connector/bridge/cmd/bench",
		"github.com/vccnow/connector/wasm/fake",
		"github.com/vccnow/connector/wasm/softphone/softphonetest",
		"github.com/chromedp/",
	}
	programs := []struct {
		pkg  string
		goos string // "" for the host
	}{
		{"./bridge/cmd/bridge", ""},
		{"./bridge/cmd/worker", "js"},
		{"./wasm/cmd/connector", "js"},
	}
	for _, p := range programs {
		t.Run(strings.TrimPrefix(p.pkg, "./"), func(t *testing.T) {
			cmd := exec.Command("go", "list", "-deps", p.pkg)
			cmd.Dir = root
			cmd.Env = os.Environ()
			if p.goos != "" {
				cmd.Env = append(cmd.Env, "GOOS="+p.goos, "GOARCH=wasm")
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", p.pkg, err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 10 {
				t.Fatalf("go list -deps %s listed only %d packages: %q", p.pkg, len(deps), deps)
			}
			for _, d := range deps {
				for _, f := range forbidden {
					if strings.HasPrefix(d, f) {
						t.Errorf("%s links %s: a product program must not link the test world (%s…)", p.pkg, d, f)
					}
				}
			}
		})
	}
}
