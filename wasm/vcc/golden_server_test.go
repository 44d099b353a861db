package vcc

// goldenAnswer is pion's answer to goldenOffer, as the simulator sends it.
const goldenAnswer = "v=0\r\n" +
	"o=- 7773743215299399753 1796536219 IN IP4 0.0.0.0\r\n" +
	"s=-\r\n" +
	"t=0 0\r\n" +
	"a=msid-semantic:WMS *\r\n" +
	"a=fingerprint:sha-256 88:B0:BA:A5:8B:51:46:AD:B7:B8:85:AC:5B:E9:A7:0D:41:55:CE:92:7F:03:9C:F3:B8:5E:2B:91:95:52:D5:21\r\n" +
	"a=extmap-allow-mixed\r\n" +
	"a=group:BUNDLE 0\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111 110 126\r\n" +
	"c=IN IP4 0.0.0.0\r\n" +
	"a=setup:active\r\n" +
	"a=mid:0\r\n" +
	"a=ice-ufrag:JgJNkGVxmXatagyp\r\n" +
	"a=ice-pwd:gAkyUKaucYsKvRIjcFWVfOfbRwtTGZGE\r\n" +
	"a=rtcp-mux\r\n" +
	"a=rtcp-rsize\r\n" +
	"a=rtpmap:111 opus/48000/2\r\n" +
	"a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
	"a=rtcp-fb:111 transport-cc\r\n" +
	"a=rtpmap:110 telephone-event/48000\r\n" +
	"a=rtpmap:126 telephone-event/8000\r\n" +
	"a=ssrc:944249084 cname:vcc-caller\r\n" +
	"a=ssrc:944249084 msid:vcc-caller audio\r\n" +
	"a=ssrc:944249084 mslabel:vcc-caller\r\n" +
	"a=ssrc:944249084 label:audio\r\n" +
	"a=msid:vcc-caller audio\r\n" +
	"a=sendrecv\r\n"

var (
	goldenReady = Presence{PresenceID: "1abb1374-4c5c-42b9-9ed2-8e67dae4f109", Selectable: true,
		Category: Category{CategoryType: CategoryReady, Description: "Ready", SubCategory: "Ready"}, Description: "Ready"}
	goldenBreak = Presence{PresenceID: "3def0d7c-b774-4dd4-8459-18bb09d74444", Selectable: true,
		Category: Category{CategoryType: CategoryAway, Description: "Away", SubCategory: "Away"}, Description: "Break"}
	// goldenWrapUp is an outbound call in wrap-up, every field set.
	goldenWrapUp = Call{ID: goldenCallID, State: CallWrapUp, Direction: "outbound", From: "+18005550100", To: "+14155550199",
		Queue: "support", Agent: "beth.anglin", QueuedAt: "2026-03-02T14:05:11Z", ConnectedAt: "2026-03-02T14:05:19Z",
		EndedAt: "2026-03-02T14:09:42Z", Regarding: "incident:9d385017c611228701d22104cc95c371", Disposition: "Resolved",
		Muted: true, Reason: "released"}
	// goldenEnded is that call once wrap-up is over.
	goldenEnded = func() Call { c := goldenWrapUp; c.State = CallEnded; return c }()
)

// serverGoldens are VCC's messages.
func serverGoldens() []golden {
	return []golden{
		{"server/welcome.json", TypeWelcome, "1", &Welcome{
			SessionID: "9a41c7e2-5f0b-4d38-b6e1-2c7a9f3d8e05", ResumeToken: "q3Jk0yTtFh5pVbq2m7Zs9XwL4cN8aE1uR6oD0gYiKjM",
			Resumed: true, ResumeGraceSeconds: 20,
			User: User{UserID: "e7a5ee2b-885a-4c19-87b3-591799668b6a", UserName: "beth.anglin", AgentID: "1001",
				Name: "Beth Anglin", AccountID: "b244c49d-1c22-4fc0-8cd0-f78570d0a8b3"},
			Presence:             goldenBreak,
			Presences:            []Presence{goldenReady, goldenBreak},
			Dispositions:         []string{"Resolved", "Follow-up required"},
			EnforcedDispositions: true,
			Queues:               []Target{{Type: "queue", ID: "support", Name: "Support"}},
			Agents:               []Target{{Type: "agent", ID: "abel.tuter", Name: "Abel Tuter"}},
			Calls:                []Call{goldenWrapUp},
			ICEServers: []ICEServer{{
				URLs:     []string{"turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443?transport=tcp"},
				Username: "1772460000:beth.anglin", Credential: "Yk2v9TqL0aWc3xRj",
			}},
		}},
		{"server/conflict.json", TypeConflict, "1", &Conflict{
			Existing: Client{ID: "panel-1b2c3d4e", Instance: "https://acme.service-now.com", Browser: "Firefox 141 on macOS"},
			Since:    "2026-03-02T08:01:27Z"}},
		{"server/ended.json", TypeEnded, "", &Ended{Reason: EndTakenOver, Message: "You signed in on another browser."}},
		{"server/call.json", TypeCall, "", ptr(goldenWrapUp)},
		{"server/presence.json", TypePresence, "", ptr(goldenReady)},
		{"server/answer.json", TypeAnswer, "", &SDP{Type: "answer", SDP: goldenAnswer}},
		{"server/candidate.json", TypeCandidate, "", &Candidate{
			Candidate: "candidate:3328245826 1 udp 2130706431 127.0.0.1 52764 typ host", SDPMid: ptr("0"), SDPMLineIndex: ptr[uint16](0)}},
		{"server/ack.json", TypeAck, "11", &Ack{Call: ptr(goldenEnded)}},
		{"server/error.json", TypeError, "4", &Error{Code: ErrCodeNoCall,
			Message: "There is no call 0c6f1d2e-8b4a-4f7e-9a35-2d81c6b0e4f9 of yours."}},
		{"server/pong.json", TypePong, "13", nil},
	}
}

// goldens are every fixture.
func goldens() []golden { return append(clientGoldens(), serverGoldens()...) }
