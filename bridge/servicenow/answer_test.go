package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func page(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

const maintenance = `<!DOCTYPE html><html><head><title>Instance
  Maintenance &amp; Upgrade</title></head><body>We'll be back.</body></html>`

// Every call the bridge makes, with what success looks like for it.
var calls = map[string]func(c *Client) error{
	"List": func(c *Client) error {
		_, err := c.List(context.Background(), "incident", Where("active", "=", "true"), nil, 1)
		return err
	},
	"Update": func(c *Client) error {
		_, err := c.Update(context.Background(), "incident", "x", Record{"work_notes": "n"})
		return err
	},
	"AcceptWorkItem": func(c *Client) error { _, err := c.AcceptWorkItem(context.Background(), "a", "w"); return err },
	"CreateVoiceInteraction": func(c *Client) error {
		_, err := c.CreateVoiceInteraction(context.Background(), VoiceInteraction{})
		return err
	},
	"UpdateVoiceInteraction": func(c *Client) error {
		var v VoiceInteraction
		v.Interaction.AdditionalParams = map[string]string{"state": "closed_complete"}
		return c.UpdateVoiceInteraction(context.Background(), "ix", v)
	},
	"TransferToQueue": func(c *Client) error {
		_, err := c.TransferToQueue(context.Background(), "interaction", "ix", "q1", "q2")
		return err
	},
	"OpenWrapUpSegment": func(c *Client) error {
		_, err := c.OpenWrapUpSegment(context.Background(), SegmentOpen{AgentSysID: "a", InteractionSysID: "ix"})
		return err
	},
	"CloseWrapUpSegment": func(c *Client) error {
		_, err := c.CloseWrapUpSegment(context.Background(), SegmentRef{SegmentSysID: "s"}, SegmentClose{})
		return err
	},
}

func TestPagesAndBareJSONAreNeverSuccess(t *testing.T) {
	answers := map[string]struct {
		h    http.HandlerFunc
		want error
	}{
		"a maintenance page with 200":  {page(200, maintenance), ErrNotJSON},
		"a sign-in page with 200":      {page(200, `<html><head><title>Log in | SSO</title></head></html>`), ErrNotJSON},
		"an empty 200":                 {reply(200, ``), ErrNotJSON},
		"JSON without its envelope":    {reply(200, `{"status":"ok"}`), ErrNoResult},
		"a result of null":             {reply(200, `{"result":null}`), ErrNoResult},
		"a JSON array instead of body": {reply(200, `[1,2]`), ErrNotJSON},
	}
	for call, do := range calls {
		for name, a := range answers {
			t.Run(call+"/"+name, func(t *testing.T) {
				c, _, _ := instance(t, a.h)
				c.Retries = 0
				err := do(c)
				require.Error(t, err)
				assert.ErrorIs(t, err, a.want)
			})
		}
	}
}

func TestAPageSaysWhatItIs(t *testing.T) {
	c, n, _ := instance(t, page(200, maintenance))
	_, err := c.Get(context.Background(), "incident", "x", nil)
	require.ErrorIs(t, err, ErrNotJSON)
	assert.Contains(t, err.Error(), `an HTML page titled "Instance Maintenance & Upgrade"`)
	assert.True(t, IsTemporary(err), "a maintenance window passes: the outbox waits")
	assert.False(t, IsRefused(err), "a POST answered so may have been carried out")
	assert.EqualValues(t, 4, *n, "a GET is tried again within the budget")
}

func TestDocumentedFailures(t *testing.T) {
	cases := map[string]struct {
		call    string
		h       http.HandlerFunc
		problem error
		status  int
		message string
	}{
		"voice create FAILURE":       {"CreateVoiceInteraction", reply(200, `{"result":{"status":"FAILURE"}}`), ErrNotDone, 200, "not created"},
		"voice create without sysId": {"CreateVoiceInteraction", reply(200, `{"result":{"status":"SUCCESS"}}`), ErrNotDone, 200, "not created"},
		"voice update FAILURE":       {"UpdateVoiceInteraction", reply(200, `{"result":{"status":"FAILURE"}}`), ErrNotDone, 200, "not updated"},
		"transfer success false": {"TransferToQueue", reply(200, `{"result":{"success":false,"message":"Document is not active"}}`),
			ErrNotDone, 200, "Document is not active"},
		"transfer 409": {"TransferToQueue", reply(409, `{"result":{"success":false,"message":"Work Item accepted can not be assigned"}}`),
			nil, 409, "Work Item accepted can not be assigned"},
		"transfer without success": {"TransferToQueue", reply(200, `{"result":{"work_item":{}}}`), ErrNoResult, 200, "success flag"},
		"segment create success false": {"OpenWrapUpSegment", reply(200, `{"success":false,"message":"Interaction not found"}`),
			ErrNotDone, 200, "Interaction not found"},
		"segment update success false in result": {"CloseWrapUpSegment", reply(200, `{"result":{"success":false,"message":"Segment is closed"}}`),
			ErrNotDone, 200, "Segment is closed"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, _, _ := instance(t, tc.h)
			err := calls[tc.call](c)
			require.Error(t, err)
			if tc.problem != nil {
				assert.ErrorIs(t, err, tc.problem)
			}
			assert.Equal(t, tc.status, Status(err))
			assert.Contains(t, err.Error(), tc.message)
			assert.False(t, IsTemporary(err))
			if tc.problem != ErrNoResult {
				assert.True(t, IsRefused(err), "a documented failure did nothing")
			}
		})
	}
}

func TestTransferReadsSuccess(t *testing.T) {
	c, _, _ := instance(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/now/awa/documents/interaction/ix/offer", r.URL.Path)
		var body map[string]map[string]string
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		assert.Equal(t, map[string]string{"source_queue_id": "q1", "target_id": "q2", "target_type": "queue", "transfer_type": "blind"}, body["transfer"])
		reply(200, `{"result":{"work_item":{"sys_id":"wi","document_table":"interaction","queue":"q2"},"success":true,"message":"Manual assignment successfully requested."}}`)(w, r)
	})
	res, err := c.TransferToQueue(context.Background(), "interaction", "ix", "q1", "q2")
	require.NoError(t, err)
	assert.Equal(t, "wi", res.WorkItem.SysID)
}

func TestWrapUpSegments(t *testing.T) {
	c, _, _ := instance(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.Method + " " + r.URL.Path {
		case "POST /api/now/wrapup/segment/create":
			assert.JSONEq(t, `{"agent_sys_id":"a","interaction_sys_id":"ix","external":true,"external_segment_id":"vcc-1",
				"configuration":{"enable_codes":true,"allowed_codes":[{"code":"Resolved"},{"code":"Escalated"}],"default_code":"Resolved"}}`, string(body))
			reply(200, `{"success":true,"message":"Wrap-up segment created successfully.","sys_id":"seg","segment":{"sys_id":"seg","state":"open","external":true}}`)(w, r)
		case "PUT /api/now/wrapup/segment/update":
			assert.Equal(t, "seg", r.URL.Query().Get("segment_sys_id"))
			assert.JSONEq(t, `{"wrap_up_code":"Escalated","notes":"Sent to tier 2","confirmed_on":"2026-01-02 03:04:05"}`, string(body))
			reply(200, `{"result":{"success":true,"message":"Wrap-up segment updated successfully.","sys_id":"seg","segment":{"state":"closed"}}}`)(w, r)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
	})
	seg, err := c.OpenWrapUpSegment(context.Background(), SegmentOpen{AgentSysID: "a", InteractionSysID: "ix", External: true, ExternalSegmentID: "vcc-1",
		Configuration: &SegmentConfiguration{EnableCodes: true, AllowedCodes: []SegmentCode{{"Resolved"}, {"Escalated"}}, DefaultCode: "Resolved"}})
	require.NoError(t, err)
	assert.Equal(t, Segment{SysID: "seg", State: "open", External: true}, seg)
	seg, err = c.CloseWrapUpSegment(context.Background(), SegmentRef{SegmentSysID: "seg"}, SegmentClose{WrapUpCode: "Escalated", Notes: "Sent to tier 2", ConfirmedOn: "2026-01-02 03:04:05"})
	require.NoError(t, err, "the envelope inside result is accepted too")
	assert.Equal(t, "seg", seg.SysID)
	assert.Equal(t, "closed", seg.State)
}

func TestNoContentIsSuccess(t *testing.T) {
	c, _, _ := instance(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	assert.NoError(t, c.Do(context.Background(), http.MethodDelete, "/api/now/table/incident/x", nil, nil, nil))
}

// An update without an interaction parameter is refused before any request:
// the API would answer 400.
func TestVoiceUpdateNeedsAParameter(t *testing.T) {
	sent := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sent++ }))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: srv.Client()}
	var v VoiceInteraction
	v.RelatedRecords = []RelatedRecord{{DocumentTable: "incident", DocumentID: "abc"}}
	err := c.UpdateVoiceInteraction(context.Background(), "ix", v)
	assert.ErrorIs(t, err, ErrNoParameter)
	assert.Zero(t, sent, "no request sent")
}
