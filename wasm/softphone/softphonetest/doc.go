// Package softphonetest is a test panel for VCC's softphone signaling
// (package wasm/vcc's protocol): the signaling WebSocket, and the media of a
// softphone.Session on a pion peer (softphone.PionPeer) in place of the
// browser's. Tests of the VCC simulator, of the bridge (bridgetest) and of
// Session itself use it to play an agent's panel: sign in, resume, answer,
// hold, send DTMF, count the caller's audio.
//
// It is test support, like net/http/httptest: no product program links it
// (bridge/product_deps_test.go). Its code builds natively only.
package softphonetest
