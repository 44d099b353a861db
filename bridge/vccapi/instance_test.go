package vccapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegisterInstance(t *testing.T) {
	const linked = "https://acme.service-now.com"
	conflict := "This Vonage Contact Center account is already linked to the ServiceNow instance " + linked + ". Unlink it in the VCC admin portal first."
	cases := []struct {
		name     string
		instance string
		status   int
		body     string
		want     error
		wantText string
	}{
		{"first or same instance", linked, http.StatusOK, `{"instanceUrl":"` + linked + `"}`, nil, ""},
		{"another instance", "https://other.service-now.com", http.StatusConflict, `{"message":"` + conflict + `"}`, ErrInstanceLinked, conflict},
		{"not allowed", linked, http.StatusForbidden, `{"message":"Only admin users manage the ServiceNow integration"}`, nil, "403 Only admin users"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got struct {
				method, path, accept, auth string
				body                       map[string]string
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/Auth/connect/token" {
					require.NoError(t, r.ParseForm())
					assert.Equal(t, "admin:write", r.PostForm.Get("scope"))
					_, _ = w.Write([]byte(`{"access_token":"tok-admin","expires_in":7200,"token_type":"Bearer"}`))
					return
				}
				got.method, got.path, got.accept, got.auth = r.Method, r.URL.Path, r.Header.Get("Accept"), r.Header.Get("Authorization")
				assert.NoError(t, json.NewDecoder(r.Body).Decode(&got.body))
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := &Client{TokenURL: srv.URL + "/Auth/connect/token", APIURL: srv.URL, ClientID: "bridge", ClientSecret: "s", HTTP: srv.Client()}

			err := c.RegisterInstance(context.Background(), tc.instance)
			assert.Equal(t, http.MethodPut, got.method)
			assert.Equal(t, "/integrations/servicenow", got.path)
			assert.Equal(t, AcceptV1, got.accept)
			assert.Equal(t, "Bearer tok-admin", got.auth)
			assert.Equal(t, map[string]string{"instanceUrl": tc.instance}, got.body)
			switch {
			case tc.want != nil:
				require.ErrorIs(t, err, tc.want)
				assert.Contains(t, err.Error(), tc.wantText)
			case tc.wantText != "":
				require.Error(t, err)
				assert.NotErrorIs(t, err, ErrInstanceLinked)
				assert.Equal(t, tc.status, StatusOf(err))
				assert.Contains(t, err.Error(), tc.wantText)
			default:
				require.NoError(t, err)
			}
		})
	}
}
