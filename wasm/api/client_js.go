//go:build js && wasm

package api

import (
	"encoding/json"

	"github.com/vccnow/connector/wasm/jsutil"
)

// Client calls the bridge from the panel with fetch. It implements
// cti.Bridge; answers go to Result on a new goroutine.
type Client struct {
	// Base is the bridge's origin ("" for the panel's own origin).
	Base   string
	Result func(id string, status int, body []byte, err error)
}

// Do sends one request.
func (c *Client) Do(id, method, path string, body any, token string) {
	go func() {
		var b []byte
		if body != nil {
			var err error
			if b, err = json.Marshal(body); err != nil {
				c.Result(id, 0, nil, err)
				return
			}
		}
		h := map[string]string{"Accept": "application/json"}
		if token != "" {
			h["Authorization"] = "Bearer " + token
		}
		resp, err := jsutil.Fetch(method, c.Base+path, h, b, "application/json")
		c.Result(id, resp.Status, resp.Body, err)
	}()
}
