package vcc

// goldenCallID is the call the fixtures' requests name.
const goldenCallID = "0c6f1d2e-8b4a-4f7e-9a35-2d81c6b0e4f9"

// goldenOffer is a browser's audio offer: Opus, telephone-events at 48 and
// 8 kHz, one sendrecv transceiver, trickle ICE.
const goldenOffer = "v=0\r\n" +
	"o=- 6240891274650493117 2 IN IP4 127.0.0.1\r\n" +
	"s=-\r\n" +
	"t=0 0\r\n" +
	"a=group:BUNDLE 0\r\n" +
	"a=extmap-allow-mixed\r\n" +
	"a=msid-semantic: WMS panel\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111 110 126\r\n" +
	"c=IN IP4 0.0.0.0\r\n" +
	"a=rtcp:9 IN IP4 0.0.0.0\r\n" +
	"a=ice-ufrag:Vx3k\r\n" +
	"a=ice-pwd:b4L2hQ9nT7wR1mZ5cX8vK3pJ\r\n" +
	"a=ice-options:trickle\r\n" +
	"a=fingerprint:sha-256 5E:1A:C4:97:2B:0D:88:F3:6C:41:E9:73:A2:5F:0B:D6:19:84:CE:3A:77:B2:05:9D:E8:46:1F:C0:6A:93:D1:2E\r\n" +
	"a=setup:actpass\r\n" +
	"a=mid:0\r\n" +
	"a=sendrecv\r\n" +
	"a=msid:panel mic\r\n" +
	"a=rtcp-mux\r\n" +
	"a=rtpmap:111 opus/48000/2\r\n" +
	"a=rtcp-fb:111 transport-cc\r\n" +
	"a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
	"a=rtpmap:110 telephone-event/48000\r\n" +
	"a=rtpmap:126 telephone-event/8000\r\n" +
	"a=ssrc:2950134837 cname:panel\r\n" +
	"a=ssrc:2950134837 msid:panel mic\r\n"

func ptr[T any](v T) *T { return &v }

// clientGoldens are the panel's messages.
func clientGoldens() []golden {
	ref := &CallRef{CallID: goldenCallID}
	return []golden{
		{"client/hello.json", TypeHello, "1", &Hello{
			Token:       "eyJhbGciOiJSUzI1NiIsImtpZCI6InNpbS0xIiwidHlwIjoiSldUIn0.eyJzdWIiOiJlN2E1ZWUyYi04ODVhLTRjMTktODdiMy01OTE3OTk2NjhiNmEifQ.c2lnbmF0dXJl",
			ResumeToken: "q3Jk0yTtFh5pVbq2m7Zs9XwL4cN8aE1uR6oD0gYiKjM",
			Takeover:    true,
			Client:      Client{ID: "panel-7f3c2a91", Instance: "https://acme.service-now.com", Browser: "Chrome 138 on Windows"},
		}},
		{"client/offer.json", TypeOffer, "2", &SDP{Type: "offer", SDP: goldenOffer}},
		{"client/candidate.json", TypeCandidate, "", &Candidate{
			Candidate:        "candidate:1467250027 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 ufrag Vx3k network-id 1",
			SDPMid:           ptr("0"),
			SDPMLineIndex:    ptr[uint16](0),
			UsernameFragment: ptr("Vx3k"),
		}},
		{"client/presence.json", TypePresence, "3", &SetPresence{PresenceID: "3def0d7c-b774-4dd4-8459-18bb09d74444"}},
		{"client/answer.json", TypeAnswer, "4", ref},
		{"client/reject.json", TypeReject, "5", ref},
		{"client/hold.json", TypeHold, "6", ref},
		{"client/resume.json", TypeResume, "7", ref},
		{"client/mute.json", TypeMute, "8", &Mute{CallID: goldenCallID, Muted: true}},
		{"client/transfer.json", TypeTransfer, "9", &Transfer{CallID: goldenCallID,
			Target: Target{Type: "queue", ID: "servicedesk", Name: "Service Desk"}}},
		{"client/hangup.json", TypeHangup, "10", ref},
		{"client/wrapup.json", TypeWrapUp, "11", &WrapUp{CallID: goldenCallID, Disposition: "Resolved",
			Notes: "Reset the customer's password; they will call back if the VPN still fails."}},
		{"client/dial.json", TypeDial, "12", &Dial{Number: "+14155550199", Regarding: "incident:9d385017c611228701d22104cc95c371"}},
		{"client/ping.json", TypePing, "13", nil},
		{"client/signout.json", TypeSignOut, "14", nil},
	}
}
