//go:build !js

package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

// testLimits are the server's limits made short, so tests see them act.
var testLimits = limits{readHeader: 300 * time.Millisecond, read: 300 * time.Millisecond, write: 2 * time.Second,
	idle: 300 * time.Millisecond, maxHeaderBytes: 4 << 10}

// startServer serves the bridge's handler (no simulators needed: the
// requests below never get past reading) with newHTTPServer and l, on a
// loopback port, and returns its address.
func startServer(t *testing.T, l limits) string {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "bridge.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	h, err := bridge.New(bridge.Config{InstanceURL: "https://acme.service-now.com", VCCAuthURL: "https://emea.cc.vonage.com/Auth",
		VCCAPIURL: "https://emea.api.cc.vonage.com", VCCClientID: "connector", WebhookSecret: "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"},
		bridge.Deps{Store: st, Log: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := newHTTPServer(ln.Addr().String(), h, log.New(io.Discard, "", 0), l)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// closedWithin reads conn until the server closes it, and reports how long
// that took; it fails the test if the server keeps it open for max.
func closedWithin(t *testing.T, conn net.Conn, max time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, conn.SetReadDeadline(start.Add(max)))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v", max)
	}
	return time.Since(start)
}

// A client that sends its body slowly (here: never finishes it) is cut off
// after the read timeout instead of holding a goroutine.
func TestSlowBodyIsCutOff(t *testing.T) {
	addr := startServer(t, testLimits)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /webhooks/vcc HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 1000\r\n\r\n{\"specversion\"")
	require.NoError(t, err)
	took := closedWithin(t, conn, 5*time.Second)
	assert.GreaterOrEqual(t, took, 200*time.Millisecond, "not before the read timeout")
}

// A kept-alive connection left idle is closed after the idle timeout.
func TestIdleConnectionIsClosed(t *testing.T) {
	addr := startServer(t, testLimits)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: bridge\r\n\r\n")
	require.NoError(t, err)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.False(t, resp.Close, "the connection is kept alive")
	closedWithin(t, conn, 5*time.Second)
}

// Headers that never end are cut off too.
func TestSlowHeadersAreCutOff(t *testing.T) {
	addr := startServer(t, testLimits)
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: bridge\r\nX-Slow: ")
	require.NoError(t, err)
	closedWithin(t, conn, 5*time.Second)
}

// Headers over the limit are refused (431).
func TestLargeHeadersAreRefused(t *testing.T) {
	addr := startServer(t, testLimits)
	req, err := http.NewRequest("GET", "http://"+addr+"/healthz", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+strings.Repeat("x", 16<<10))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
}

// The bridge's own server sets every limit.
func TestServerLimitsAreSet(t *testing.T) {
	srv := newHTTPServer(":0", http.NotFoundHandler(), nil, serverLimits)
	assert.Positive(t, srv.ReadHeaderTimeout)
	assert.Greater(t, srv.ReadTimeout, srv.ReadHeaderTimeout)
	assert.GreaterOrEqual(t, srv.WriteTimeout, time.Minute, "longer than a handler's upstream requests")
	assert.Positive(t, srv.IdleTimeout)
	assert.Positive(t, srv.MaxHeaderBytes)
	assert.Less(t, srv.MaxHeaderBytes, http.DefaultMaxHeaderBytes)
}

// The native bridge purges its store when it starts (and hourly).
func TestPurgeEvery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridge.db")
	st, err := store.OpenSQLite(context.Background(), path)
	require.NoError(t, err)
	defer st.Close()
	old := time.Now().Add(-40 * 24 * time.Hour)
	st.SetClock(func() time.Time { return old })
	e := store.Event{Source: "/channel", ID: "e1", Type: "channel.ended.v1", Key: "call:x", At: old, Body: []byte(`{}`)}
	_, err = st.AddEvent(context.Background(), e)
	require.NoError(t, err)
	require.NoError(t, st.MarkProcessed(context.Background(), e))
	st.SetClock(time.Now)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		purgeEvery(ctx, st, 30*24*time.Hour, time.Hour, slog.New(slog.DiscardHandler))
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		keys, err := st.PendingKeys(context.Background(), 10)
		require.NoError(t, err)
		require.Empty(t, keys)
		var n int
		require.NoError(t, st.DB().QueryRow(`SELECT COUNT(*) FROM events`).Scan(&n))
		fi, err := os.Stat(path + "-wal")
		require.NoError(t, err)
		if n == 0 && fi.Size() == 0 {
			break // purged, and the log checkpointed
		}
		require.True(t, time.Now().Before(deadline), "the event was not purged (%d left) or the log not checkpointed (%d bytes)", n, fi.Size())
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("purgeEvery did not end with its context")
	}
}
