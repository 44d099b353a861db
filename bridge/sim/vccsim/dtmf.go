//go:build !js

package vccsim

// dtmfDecoder turns RFC 4733 telephone-event packets into DTMF digits
// (https://www.rfc-editor.org/rfc/rfc4733#section-2.3). The packets of one
// event share an RTP timestamp (the end packet is even sent three times),
// so a digit is taken from the first packet of each timestamp.
type dtmfDecoder struct {
	last uint32
	seen bool
}

// feed takes one telephone-event payload; it returns the digit when the
// packet starts a new event.
func (d *dtmfDecoder) feed(timestamp uint32, payload []byte) (byte, bool) {
	if len(payload) < 4 || d.seen && timestamp == d.last {
		return 0, false
	}
	digit, ok := dtmfDigit(payload[0])
	if !ok {
		return 0, false
	}
	d.last, d.seen = timestamp, true
	return digit, true
}

// dtmfDigit maps an RFC 4733 event code to its DTMF key: 0–9, * (10),
// # (11), A–D (12–15).
func dtmfDigit(event byte) (byte, bool) {
	switch {
	case event <= 9:
		return '0' + event, true
	case event == 10:
		return '*', true
	case event == 11:
		return '#', true
	case event <= 15:
		return 'A' + event - 12, true
	}
	return 0, false
}
