package snsim

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ajax calls OpenFrameAjaxUtility as a workspace page does and returns the
// HTTP status and the decoded answer document.
func (f *restFixture) ajax(as func(restReq) restReq, form url.Values) (int, ajaxAnswer) {
	f.t.Helper()
	r := as(restReq{method: http.MethodPost, path: "/sn_openframe_openFrameAjaxProcessor.do", body: form.Encode()})
	r.header["Content-Type"] = "application/x-www-form-urlencoded"
	rec := f.do(r)
	f.s.awa.Settle()
	var a ajaxAnswer
	require.NoError(f.t, xml.Unmarshal(rec.Body.Bytes(), &a), "body: %s", rec.Body.String())
	return rec.Code, a
}

func ajaxForm(name string, kv ...string) url.Values {
	v := url.Values{"sysparm_processor": {"OpenFrameAjaxUtility"}, "sysparm_name": {name}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestOpenFrameAjaxUtility(t *testing.T) {
	f := newRESTFixture(t)
	asBeth := f.session("beth.anglin")

	status, a := f.ajax(asBeth, ajaxForm("getOpenFrameConfiguration"))
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "getOpenFrameConfiguration", a.Name)
	var cfg openFrameConfig
	require.NoError(t, json.Unmarshal([]byte(a.Answer), &cfg))
	assert.Equal(t, "http://127.0.0.1:8702/", cfg.URL)

	status, _ = f.ajax(asBeth, ajaxForm("setUserPreference", "sysparm_pref_name", "openframe_user_frame_position", "sysparm_pref_value", "right"))
	require.Equal(t, http.StatusOK, status)
	_, a = f.ajax(asBeth, ajaxForm("getUserPreference", "sysparm_pref_name", "openframe_user_frame_position"))
	assert.Equal(t, `"right"`, a.Answer)
	_, a = f.ajax(f.session("abel.tuter"), ajaxForm("getUserPreference", "sysparm_pref_name", "openframe_user_frame_position"))
	assert.Equal(t, `""`, a.Answer, "preferences are per user")
}

func TestOpenFrameAjaxUtilityRefusals(t *testing.T) {
	f := newRESTFixture(t)
	asBeth := f.session("beth.anglin")
	tests := []struct {
		name  string
		form  url.Values
		error string
	}{
		{"unknown method", ajaxForm("deleteEverything"), "OpenFrameAjaxUtility has no method deleteEverything"},
		{"presence is not set here", ajaxForm("updateAgentPresence", "sysparm_state", "Available"), "OpenFrameAjaxUtility has no method updateAgentPresence"},
		{"another processor", url.Values{"sysparm_processor": {"GlideSystem"}, "sysparm_name": {"getOpenFrameConfiguration"}}, "unknown sysparm_processor GlideSystem"},
		{"preference without a name", ajaxForm("setUserPreference"), "sysparm_pref_name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, a := f.ajax(asBeth, tt.form)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, a.Error, tt.error)
		})
	}
	e := errorOf(t, f.do(restReq{method: http.MethodPost, path: "/sn_openframe_openFrameAjaxProcessor.do", body: ajaxForm("getOpenFrameConfiguration").Encode(), noAuth: true}), http.StatusUnauthorized)
	assert.Equal(t, "User Not Authenticated", e.Error.Message)
}

// setPresenceIndicator only paints the workspace's indicator: the TopFrame
// calls nothing for it, and nothing on the instance could change AWA
// presence for it.
func TestSetPresenceIndicatorLeavesAWAPresenceUnchanged(t *testing.T) {
	f := newRESTFixture(t)
	asBeth := f.session("beth.anglin")
	status, _ := f.ajax(asBeth, ajaxForm("updateAgentPresence", "sysparm_state", "Available"))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "Offline", f.s.awa.PresenceOf(beth).Name)

	js, err := assets.ReadFile("topframe.js")
	require.NoError(t, err)
	src := string(js)
	start := strings.Index(src, "openframe_set_presence_indicator: function")
	require.GreaterOrEqual(t, start, 0)
	handler := src[start : start+strings.Index(src[start:], "\n    },")]
	assert.Contains(t, handler, "renderIndicator()")
	assert.NotContains(t, handler, "ajax(", "the indicator calls nothing on the instance")
	assert.NotContains(t, src, "updateAgentPresence")
}
