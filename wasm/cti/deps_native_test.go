//go:build !js

package cti_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The core speaks the vendor-neutral Softphone port only: no package of the
// VCC wire protocol (wasm/vcc) or of its adapter (wasm/vccphone) is linked
// into it, natively or in the browser build.
func TestCoreLinksNoVendorProtocol(t *testing.T) {
	forbidden := []string{
		"github.com/vccnow/connector/wasm/vcc",
		"github.com/vccnow/connector/wasm/vccphone",
	}
	for name, env := range map[string][]string{
		"native": nil,
		"wasm":   {"GOOS=js", "GOARCH=wasm"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command("go", "list", "-deps", ".")
			cmd.Env = append(os.Environ(), env...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps: %v\n%s", err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 5 {
				t.Fatalf("go list -deps listed only %d packages: %q", len(deps), deps)
			}
			for _, d := range deps {
				for _, f := range forbidden {
					if d == f {
						t.Errorf("wasm/cti links %s: the core must speak only its Softphone port", d)
					}
				}
			}
		})
	}
}
