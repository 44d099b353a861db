package vcc

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Form encodes as net/url does.
func TestFormEncode(t *testing.T) {
	f := Form{}
	f.Set("redirect_uri", "https://panel.example:8443/a b?c=d&e")
	f.Set("scope", "openid users:read users:write")
	f.Set("state", "x-y_z.~")
	f.Set("empty", "")
	f["many"] = []string{"1", "2"}
	f.Set("unicode", "Zoë+/")
	assert.Equal(t, url.Values(f).Encode(), f.Encode())
	assert.Equal(t, "Zoë+/", f.Get("unicode"))
	assert.Equal(t, "", f.Get("missing"))
}

func TestOriginOf(t *testing.T) {
	cases := map[string]string{
		"https://emea.cc.vonage.com/Auth/connect/authorize": "https://emea.cc.vonage.com",
		"HTTP://127.0.0.1:8703/Auth?x=1":                    "http://127.0.0.1:8703",
		"https://user@Host.Example#frag":                    "https://host.example",
		"https://host.example":                              "https://host.example",
		"/relative/path":                                    "",
		"not a url":                                         "",
		"https:///nohost":                                   "",
	}
	for in, want := range cases {
		assert.Equal(t, want, originOf(in), in)
	}
}
