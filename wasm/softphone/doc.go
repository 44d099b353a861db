// Package softphone is the connector's audio: the microphone, the session's
// peer connection to VCC, call audio on the chosen speaker, the ringtone on
// the chosen ringer, DTMF and quality stats.
//
// The package is split by file, as pion is:
//
//   - session.go (pure Go, both builds): Session, the agent's one audio
//     connection to VCC, over the Peer interface.
//   - ringtone.go (pure Go): the ringtone, generated so the panel ships no
//     sound file.
//   - peer_js.go, media_js.go (js && wasm): the browser's RTCPeerConnection
//     as a Peer, and Media, the panel's cti.Media.
//   - peer_native.go, mic_native.go (!js): PionPeer, a pion PeerConnection as
//     a Peer, so Session runs natively against the VCC simulator in tests
//     (package softphonetest builds a test panel on it). pion is linked only
//     into native programs: the panel's wasm does not carry it.
package softphone
