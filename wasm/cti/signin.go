package cti

import (
	"errors"
	"time"
)

// signIn starts the interactive sign-in. Only a click calls it.
func (c *Connector) signIn() {
	if c.link.signingIn || c.state.SignedIn {
		return
	}
	c.link.signingIn = true
	c.state.Busy = "signing-in"
	c.dismiss("") // a new attempt: what went wrong before is over
	c.p.Auth.SignIn()
	// The click is the gesture the browser wants for the microphone, and
	// asking now means no call is ever refused for want of it.
	if c.state.Mic != MicGranted {
		c.p.Media.Microphone()
	}
}

func (c *Connector) onSignIn(in SignInResult) {
	c.link.signingIn = false
	if in.Err != nil {
		if in.Refreshed {
			// The session goes on until the softphone needs a new token; the
			// agent is asked to sign in again only then.
			c.logf("warn", "token refresh failed: %v", in.Err)
			return
		}
		c.state.Busy = ""
		c.logf("warn", "sign-in: %v", in.Err)
		c.problem(causeSignIn, signInMessage(in.Err))
		return
	}
	c.link.tok = tokens{access: in.Token.AccessToken, refresh: in.Token.RefreshToken,
		expires: c.now().Add(time.Duration(in.Token.ExpiresIn) * time.Second)}
	if in.Token.RefreshToken != "" && in.Token.ExpiresIn > 120 {
		c.p.Clock.After(time.Duration(in.Token.ExpiresIn-60)*time.Second, timerRefresh)
	}
	if in.Refreshed {
		return
	}
	if !c.leader() {
		// Signed in from a follower tab: the leader holds the session.
		sd := c.session()
		c.p.Tabs.Broadcast(TabMessage{V: TabVersion, Kind: TabSignedIn, From: c.cfg.ClientID, Session: &sd})
		return
	}
	c.state.Busy = "connecting"
	c.connect()
}

func signInMessage(err error) string {
	switch {
	case errors.Is(err, ErrPopupBlocked):
		return "The browser blocked the sign-in window. Allow pop-ups for this panel and click Sign in again."
	case errors.Is(err, ErrPopupClosed):
		return "The sign-in window was closed before you signed in. Click Sign in to try again."
	case errors.Is(err, ErrSignInBusy):
		return "A sign-in window is already open, in this tab or another. Finish signing in there."
	case errors.Is(err, ErrStateMismatch):
		return "The sign-in answer did not match this sign-in and was ignored. Click Sign in to try again."
	default:
		return "Signing in did not work. Click Sign in to try again."
	}
}
