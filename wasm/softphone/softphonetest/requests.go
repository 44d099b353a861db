//go:build !js

package softphonetest

import (
	"encoding/json"
	"testing"

	"github.com/vccnow/connector/wasm/vcc"
)

// Request sends a message with a fresh id and returns VCC's reply to it
// (ack, error, welcome, conflict or pong).
func (c *Client) Request(typ string, data any) vcc.Envelope {
	c.tb.Helper()
	id := c.newID("r")
	c.Send(typ, id, data)
	return c.Await("the reply to "+typ, func(env vcc.Envelope) bool { return env.ID == id })
}

// Hello opens a session (resumeToken "") or resumes one, and returns VCC's
// reply: welcome, conflict or error.
func (c *Client) Hello(token, resumeToken string, takeover bool) vcc.Envelope {
	c.tb.Helper()
	return c.Request(vcc.TypeHello, vcc.Hello{Token: token, ResumeToken: resumeToken, Takeover: takeover,
		Client: vcc.Client{ID: c.id, Instance: c.opt.Instance, Browser: c.opt.Browser}})
}

// SignIn sends hello and fails the test unless VCC welcomes the panel; the
// welcome is kept in c.Welcome.
func (c *Client) SignIn(token, resumeToken string, takeover bool) vcc.Welcome {
	c.tb.Helper()
	env := c.Hello(token, resumeToken, takeover)
	if env.Type != vcc.TypeWelcome {
		c.tb.Fatalf("softphone hello: got %s %s, want welcome", env.Type, env.Data)
	}
	var w vcc.Welcome
	if err := env.Into(&w); err != nil {
		c.tb.Fatalf("softphone: welcome %s: %v", env.Data, err)
	}
	c.Welcome = w
	return w
}

// Do sends a request that must succeed and returns the call its ack
// carries, if any.
func (c *Client) Do(typ string, data any) *vcc.Call {
	c.tb.Helper()
	env := c.Request(typ, data)
	if env.Type != vcc.TypeAck {
		c.tb.Fatalf("softphone %s: got %s %s, want ack", typ, env.Type, env.Data)
	}
	var ack vcc.Ack
	if len(env.Data) > 0 {
		if err := json.Unmarshal(env.Data, &ack); err != nil {
			c.tb.Fatalf("softphone %s: ack %s: %v", typ, env.Data, err)
		}
	}
	return ack.Call
}

// Fail sends a request that must fail with code and returns the error.
func (c *Client) Fail(typ string, data any, code string) vcc.Error {
	c.tb.Helper()
	return MustError(c.tb, c.Request(typ, data), code)
}

// MustError fails the test unless env is an error with code and a message
// for the agent; it returns the error.
func MustError(tb testing.TB, env vcc.Envelope, code string) vcc.Error {
	tb.Helper()
	if env.Type != vcc.TypeError {
		tb.Fatalf("got %s %s, want error %s", env.Type, env.Data, code)
	}
	var e vcc.Error
	if err := json.Unmarshal(env.Data, &e); err != nil {
		tb.Fatalf("error %s: %v", env.Data, err)
	}
	if e.Code != code {
		tb.Fatalf("got error %s (%s), want %s", e.Code, e.Message, code)
	}
	if e.Message == "" {
		tb.Fatalf("error %s has no message for the agent", e.Code)
	}
	return e
}

// AwaitCall waits for an update ("call") of the call id, any call when id
// is "", in state.
func (c *Client) AwaitCall(id, state string) vcc.Call {
	c.tb.Helper()
	var call vcc.Call
	c.Await("call "+id+" "+state, func(env vcc.Envelope) bool {
		if env.Type != vcc.TypeCall || json.Unmarshal(env.Data, &call) != nil {
			return false
		}
		return (id == "" || call.ID == id) && call.State == state
	})
	return call
}
