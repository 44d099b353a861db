package snsim

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAWAAssignsOnlyAfterTheDelay(t *testing.T) {
	f := newAWAFixtureWith(t, AWAOptions{AssignDelay: 300 * time.Millisecond})
	f.presence(beth, stateAvail)
	f.advance(time.Second) // the pass Beth's presence asked for

	ix := f.call("+14155550199", supportQueue)
	assert.Equal(t, wiQueued, f.item(ix["sys_id"])["state"], "routed at once, not yet assigned")

	f.advance(299 * time.Millisecond)
	assert.Equal(t, wiQueued, f.item(ix["sys_id"])["state"], "still within the delay")

	f.advance(time.Millisecond)
	wi := f.item(ix["sys_id"])
	assert.Equal(t, Record{"state": wiPendingAccept, "assigned_to": beth}, pick(wi, "state", "assigned_to"))
}

func TestAWAOneDelayedPassServesABurst(t *testing.T) {
	f := newAWAFixtureWith(t, AWAOptions{AssignDelay: 300 * time.Millisecond})
	f.presence(beth, stateAvail)
	f.presence(abel, stateAvail)
	f.advance(time.Second)

	first := f.call("+14155550101", supportQueue)
	f.advance(100 * time.Millisecond)
	second := f.call("+14155550102", supportQueue)
	f.advance(200 * time.Millisecond)

	assert.Equal(t, wiPendingAccept, f.item(first["sys_id"])["state"])
	assert.Equal(t, wiPendingAccept, f.item(second["sys_id"])["state"], "the second call joined the pass already waiting")
}

func TestAWASetAssignDelay(t *testing.T) {
	f := newAWAFixtureWith(t, AWAOptions{AssignDelay: time.Minute})
	f.presence(beth, stateAvail)
	f.advance(time.Minute)
	f.awa.SetAssignDelay(0)
	assert.Equal(t, time.Duration(0), f.awa.AssignDelay())

	ix := f.call("+14155550199", supportQueue)
	assert.Equal(t, wiPendingAccept, f.item(ix["sys_id"])["state"], "no delay: assigned as AWA settles")
}

func TestAssignDelayFromConfig(t *testing.T) {
	tests := []struct {
		config, want time.Duration
	}{
		{0, DefaultAssignDelay},
		{-1, 0},
		{50 * time.Millisecond, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, assignDelayFor(tt.config), "Config.AssignDelay %v", tt.config)
	}
	s, err := New(Config{SeedDir: filepath.Join("..", "..", "..", "testdata", "servicenow"), ConnectorURL: "http://127.0.0.1:8702/"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	assert.Equal(t, 300*time.Millisecond, s.awa.AssignDelay(), "the default")
}

func TestControlAPISetsTheAssignDelay(t *testing.T) {
	f := newRESTFixture(t)
	tests := []struct {
		name   string
		body   any
		remote string
		status int
		want   string
	}{
		{"set", map[string]any{"assign_delay_ms": 750}, "", 200, `{"assign_delay_ms":750}`},
		{"none", map[string]any{"assign_delay_ms": 0}, "", 200, `{"assign_delay_ms":0}`},
		{"missing", map[string]any{}, "", 400, ""},
		{"negative", map[string]any{"assign_delay_ms": -5}, "", 400, ""},
		{"unknown field", map[string]any{"assign_delay": 5}, "", 400, ""},
		{"not loopback", map[string]any{"assign_delay_ms": 5}, "192.0.2.7:5000", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(restReq{method: http.MethodPost, path: "/sim/awa", body: tt.body, noAuth: true, remote: tt.remote})
			require.Equal(t, tt.status, rec.Code, rec.Body.String())
			if tt.want != "" {
				assert.JSONEq(t, tt.want, rec.Body.String())
			}
		})
	}
	got := f.do(restReq{path: "/sim/awa", noAuth: true})
	assert.JSONEq(t, `{"assign_delay_ms":0}`, got.Body.String())
	assert.Equal(t, time.Duration(0), f.s.awa.AssignDelay())
}
