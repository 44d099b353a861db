package cti

// ICEServer is an RTCIceServer (W3C WebRTC, RTCConfiguration.iceServers):
// the STUN/TURN servers the session's audio connection uses, from
// SessionWelcomed. Its JSON is the snapshot's and the tab messages'
// (SessionData.ICE), unchanged since they carried VCC's own type.
type ICEServer struct {
	URLs       []string `json:"urls"`
	Username   string   `json:"username,omitempty"`
	Credential string   `json:"credential,omitempty"`
}

// Candidate is a trickled ICE candidate, an RTCIceCandidateInit (W3C
// WebRTC); an empty Candidate marks the end of gathering. Local ones come
// from the Media port (MediaCandidate) and go to the Softphone; remote ones
// come from the Softphone (RemoteCandidate) and go to the Media port.
type Candidate struct {
	Candidate        string  `json:"candidate"`
	SDPMid           *string `json:"sdpMid,omitempty"`
	SDPMLineIndex    *uint16 `json:"sdpMLineIndex,omitempty"`
	UsernameFragment *string `json:"usernameFragment,omitempty"`
}
