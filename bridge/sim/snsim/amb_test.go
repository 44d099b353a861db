package snsim

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeedDropsASlowSubscriber(t *testing.T) {
	feed := NewFeed()
	slow := feed.subscribe(beth)
	other := feed.subscribe(abel)
	for range feedBuffer {
		feed.Publish(beth, FeedEvent{Type: "presence"})
	}
	select {
	case <-slow.done:
		t.Fatal("dropped before its buffer was full")
	default:
	}

	feed.Publish(beth, FeedEvent{Type: "presence"}) // would block: dropped instead
	<-slow.done
	assert.False(t, feed.Watching(beth))
	assert.True(t, feed.Watching(abel), "other users are not affected")

	feed.Close()
	<-other.done
	late := feed.subscribe(abel)
	<-late.done // a closed feed ends new streams at once
}

// feedReader reads a workspace event stream.
type feedReader struct {
	t       *testing.T
	scanner *bufio.Scanner
}

// next returns the next event, failing the test after a few seconds.
func (r *feedReader) next() FeedEvent {
	r.t.Helper()
	var name, data string
	for r.scanner.Scan() {
		line := r.scanner.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && data != "":
			var ev FeedEvent
			require.NoError(r.t, json.Unmarshal([]byte(data), &ev))
			assert.Equal(r.t, ev.Type, name, "the SSE event name is the event's type")
			return ev
		}
	}
	r.t.Fatalf("the event stream ended: %v", r.scanner.Err())
	return FeedEvent{}
}

// openFeed signs userName in to the workspace and opens its event stream
// on a real HTTP server.
func openFeed(t *testing.T, f *restFixture, userName string) (*feedReader, string) {
	t.Helper()
	srv := httptest.NewServer(f.s)
	t.Cleanup(srv.Close)
	u, ok := f.s.user(userName)
	require.True(t, ok)
	token := f.s.issueUserToken(u)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/now/workspace/api/feed", nil)
	require.NoError(t, err)
	req.Header.Set("X-UserToken", token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { res.Body.Close() })
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	return &feedReader{t: t, scanner: bufio.NewScanner(res.Body)}, token
}

func TestFeedStreamsTheUsersEvents(t *testing.T) {
	f := newRESTFixture(t)
	feed, _ := openFeed(t, f, "beth.anglin")

	snap := feed.next()
	require.NotNil(t, snap.Snapshot)
	assert.Equal(t, "Offline", snap.Snapshot.Presence.Name)
	assert.Empty(t, snap.Snapshot.Offers)

	f.available(beth)
	ev := feed.next()
	require.NotNil(t, ev.Presence)
	assert.Equal(t, "Available", ev.Presence.Name)
	assert.Equal(t, "openframe_awa_agent_presence", ev.Panel.EventName)

	ix := f.awaCall("+14155550199", supportQueue)
	ev = feed.next()
	require.NotNil(t, ev.Offer)
	assert.Equal(t, ix["sys_id"], ev.Offer.Document.SysID)
	assert.Equal(t, "openframe_awa_workitem_offered", ev.Panel.EventName)
}

func TestFeedNeedsASession(t *testing.T) {
	f := newRESTFixture(t)
	e := errorOf(t, f.do(restReq{path: "/now/workspace/api/feed", noAuth: true, header: map[string]string{"X-UserToken": "forged"}}), http.StatusUnauthorized)
	assert.Equal(t, "User Not Authenticated", e.Error.Message)
}

func TestFeedSnapshotHoldsPendingOffers(t *testing.T) {
	f := newRESTFixture(t)
	f.available(beth)
	ix := f.awaCall("+14155550199", supportQueue)
	feed, _ := openFeed(t, f, "beth.anglin")

	snap := feed.next().Snapshot
	require.NotNil(t, snap)
	require.Len(t, snap.Offers, 1)
	assert.Equal(t, ix["number"], snap.Offers[0].Number)
	assert.Equal(t, "Available", snap.Presence.Name)
}
