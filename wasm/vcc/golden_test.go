package vcc

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A golden fixture is one signaling message as the wire carries it:
// testdata/client holds what the panel sends, testdata/server what VCC
// sends, one file per message type (compact JSON, no trailing newline).
// The VCC simulator's tests read the same files (bridge/sim/vccsim,
// golden_test.go), so a JSON tag changed on one side cannot pass on both.
type golden struct {
	file string // under testdata
	typ  string
	id   string
	// want is the payload as the receiver decodes it (a pointer to the
	// message type); nil for a message without data.
	want any
}

// TestGoldenDecode: each fixture decodes, with Decode and Into (and the
// payload's Validate), to the expected value, and nothing is left over.
func TestGoldenDecode(t *testing.T) {
	for _, g := range goldens() {
		t.Run(g.file, func(t *testing.T) {
			env, err := Decode(readGolden(t, g.file))
			require.NoError(t, err)
			assert.Equal(t, g.typ, env.Type)
			assert.Equal(t, g.id, env.ID)
			if g.want == nil {
				assert.Empty(t, env.Data)
				return
			}
			got := reflect.New(reflect.TypeOf(g.want).Elem()).Interface()
			require.NoError(t, env.Into(got))
			assert.Equal(t, g.want, got)
		})
	}
}

// TestGoldenEncode: encoding the expected value gives the fixture byte for
// byte: every JSON name, its order and omitempty as the wire has them.
func TestGoldenEncode(t *testing.T) {
	for _, g := range goldens() {
		t.Run(g.file, func(t *testing.T) {
			var data any
			if g.want != nil {
				data = g.want
			}
			b, err := Encode(g.typ, g.id, data)
			require.NoError(t, err)
			assert.Equal(t, string(readGolden(t, g.file)), string(b))
		})
	}
}

// TestGoldenCoversEveryType: each message type has its fixture in each
// direction it travels, and every fixture is tested.
func TestGoldenCoversEveryType(t *testing.T) {
	want := map[string][]string{
		"client": {TypeHello, TypeOffer, TypeCandidate, TypePresence, TypeAnswer, TypeReject, TypeHangup, TypeHold,
			TypeResume, TypeTransfer, TypeMute, TypeWrapUp, TypeDial, TypeSignOut, TypePing},
		"server": {TypeWelcome, TypeConflict, TypeEnded, TypeCall, TypePresence, TypeAnswer, TypeCandidate, TypeAck,
			TypeError, TypePong},
	}
	tested := map[string]bool{}
	for _, g := range goldens() {
		tested[g.file] = true
		dir, name, _ := strings.Cut(g.file, "/")
		assert.Equal(t, g.typ+".json", name, "a fixture is named after its type")
		assert.Contains(t, want[dir], g.typ, "%s: %s does not travel that way", g.file, g.typ)
	}
	for dir, types := range want {
		for _, typ := range types {
			assert.True(t, tested[dir+"/"+typ+".json"], "no fixture of %s in testdata/%s", typ, dir)
		}
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		require.NoError(t, err)
		for _, f := range files {
			name := dir + "/" + filepath.Base(f)
			assert.True(t, tested[name], "testdata/%s is not tested", name)
			assert.True(t, slices.Contains(types, strings.TrimSuffix(filepath.Base(f), ".json")), "testdata/%s: unknown type", name)
		}
	}
}

func readGolden(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(file)))
	require.NoError(t, err)
	return b
}
