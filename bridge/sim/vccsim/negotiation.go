//go:build !js

package vccsim

import (
	"strconv"
	"strings"
	"time"

	vccproto "github.com/vccnow/connector/wasm/vcc"
)

// handleOffer answers the panel's offer: on the session's media connection
// when it is alive (a renegotiation), otherwise on a new one (the first
// offer, or after a resume or a failure). The server sends "answer", then
// its trickled candidates; the ack follows.
func handleOffer(s *Server, c *conn, _ *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var offer vccproto.SDP
	if err := env.Into(&offer); err != nil {
		return nil, err
	}
	if offer.Type != "offer" {
		return nil, refuse(vccproto.ErrCodeBadRequest, "Send an SDP of type offer; the server answers.")
	}
	return nil, s.acd.negotiate(c, offer.SDP)
}

func (a *acd) negotiate(c *conn, offer string) error {
	var (
		sess  *session
		m     *media
		fresh bool
	)
	a.locked(func(lt *later) {
		if sess = c.sess; sess == nil {
			return
		}
		if m = sess.media; m == nil || m.state == mediaFailed || m.state == mediaClosed {
			m, fresh = nil, true
		}
	})
	if sess == nil {
		return refuse(vccproto.ErrCodeUnauthorized, "This connection has no session any more.")
	}
	if d := a.s.mediaDelay(sess.user.UserName); d > 0 {
		time.Sleep(d) // a slow network or TURN relay, staged by the control API
	}
	var err error
	if fresh {
		if m, err = a.newMedia(sess, c); err != nil {
			return refuse(vccproto.ErrCodeInternal, "Could not create the media connection: %v.", err)
		}
	}
	answer, err := m.answer(offer)
	if err != nil {
		if fresh {
			m.close()
		}
		return refuse(vccproto.ErrCodeBadRequest, "The offer was refused: %v.", err)
	}
	a.locked(func(lt *later) {
		switch {
		case c.sess != sess || sess.ended:
			err = refuse(vccproto.ErrCodeUnauthorized, "The session moved to another connection during the offer.")
		case fresh:
			if sess.media != nil {
				lt.closeMedia(sess.media)
			}
			sess.media = m
		case sess.media != m:
			err = refuse(vccproto.ErrCodeState, "The media connection was replaced during the offer; offer again.")
		}
		if err == nil {
			c.send(vccproto.TypeAnswer, "", vccproto.SDP{Type: "answer", SDP: answer})
		}
	})
	if err != nil {
		if fresh {
			m.close()
		}
		return err
	}
	m.answerSent()
	return nil
}

// handleCandidate applies a candidate the panel trickled.
func handleCandidate(s *Server, c *conn, _ *User, _ *Account, env vccproto.Envelope) (*vccproto.Call, error) {
	var cand vccproto.Candidate
	if err := env.Into(&cand); err != nil {
		return nil, err
	}
	a := s.acd
	var m *media
	a.locked(func(*later) {
		if c.sess != nil {
			m = c.sess.media
		}
	})
	if m == nil {
		return nil, refuse(vccproto.ErrCodeState, "There is no media connection yet; send an offer before candidates.")
	}
	if err := m.addCandidate(cand); err != nil {
		return nil, refuse(vccproto.ErrCodeBadRequest, "The candidate was refused: %v.", err)
	}
	return nil, nil
}

// telephoneEventPTs lists the payload types an SDP maps to RFC 4733
// telephone-events (a=rtpmap:<pt> telephone-event/<rate>); pion answers
// with the offer's payload types, so these are the ones DTMF arrives with.
func telephoneEventPTs(sdp string) map[uint8]bool {
	pts := map[uint8]bool{}
	for _, line := range strings.Split(sdp, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "a=rtpmap:")
		if !ok {
			continue
		}
		pt, codec, ok := strings.Cut(rest, " ")
		if !ok || !strings.HasPrefix(strings.ToLower(codec), "telephone-event/") {
			continue
		}
		if n, err := strconv.ParseUint(pt, 10, 7); err == nil {
			pts[uint8(n)] = true
		}
	}
	return pts
}
