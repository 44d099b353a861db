//go:build !js

package e2e

// T is what the harness needs from a test. *testing.T and *testing.B satisfy
// it; so does Runner, for programs (the benchmark) that drive the product
// outside go test.
type T interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
	Cleanup(func())
	TempDir() string
	Name() string
	Failed() bool
}
