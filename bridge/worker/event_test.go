package worker

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An event's answer is buffered whole, its handler sees the event in its
// context, and the event settles only after its background work.
func TestEventServeAndSettle(t *testing.T) {
	ev := NewEvent(func(name string) string { return map[string]string{"A": "1"}[name] })
	done := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := EventFrom(r.Context())
		require.Same(t, ev, got)
		assert.Equal(t, "1", got.Getenv("A"))
		got.WaitUntil(func() {
			time.Sleep(20 * time.Millisecond)
			close(done)
		})
		w.Header().Set("X-Test", "yes")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte("hello "))
		_, _ = w.Write([]byte("world"))
	})
	resp, err := ev.Serve(h, httptest.NewRequest("POST", "/x", nil))
	require.NoError(t, err)
	assert.Equal(t, http.StatusAccepted, resp.Status)
	assert.Equal(t, "yes", resp.Header.Get("X-Test"))
	assert.Equal(t, "hello world", string(resp.Body))
	require.NoError(t, ev.Settle())
	select {
	case <-done:
	default:
		t.Fatal("Settle returned before the background work was done")
	}
}

func TestEventFailures(t *testing.T) {
	cases := []struct {
		name    string
		handler http.HandlerFunc
		// answered: the handler's answer is given, and the failure comes
		// with Settle.
		answered bool
	}{
		{"a panic in the handler", func(http.ResponseWriter, *http.Request) { panic("boom") }, false},
		{"a panic after writing", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("half"))
			panic("boom")
		}, false},
		{"a panic in background work", func(w http.ResponseWriter, r *http.Request) {
			EventFrom(r.Context()).WaitUntil(func() { panic("boom") })
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := NewEvent(func(string) string { return "" })
			resp, err := ev.Serve(tc.handler, httptest.NewRequest("GET", "/", nil))
			if tc.answered {
				require.NoError(t, err)
				assert.Equal(t, http.StatusOK, resp.Status)
			} else {
				require.ErrorContains(t, err, "panic: boom")
			}
			require.ErrorContains(t, ev.Settle(), "panic: boom")
		})
	}
}
