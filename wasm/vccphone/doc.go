// Package vccphone is the connector's one door to Vonage Contact Center's
// softphone service: it implements the core's vendor-neutral port
// (cti.Softphone) with VCC's softphone signaling (package vcc, /softphone/v1),
// turning the core's requests into VCC messages and VCC's messages into the
// core's inputs (cti.SessionWelcomed, cti.CallUpdated, cti.RequestAcked...).
//
// VCC publishes no softphone signaling: the protocol in package vcc is our
// own, marked assumed in the VCC simulator's contract ledger. A deployment
// on another signaling replaces this package and nothing in the core.
//
// The translation is pure Go (phone.go, receive.go, convert.go) and tested
// natively against vcc messages; the browser's WebSocket (socket_js.go) is
// the Transport in the panel.
package vccphone
