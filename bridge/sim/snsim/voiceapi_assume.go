package snsim

// What a real instance may do on a voice-interaction create that
// api-reference/rest-apis/openframe-api.md does not say, each behind an
// assumption switch, off by default (assumptions.go). The product relies on
// none of them: it finds its interaction after a lost create answer by the
// short_description it wrote (a documented field, queried with LIKE), and it
// sends the caller fields (opened_for, contact, account, consumer) in
// additionalParams itself.

// The switches.
const (
	// switchVoiceChannelMetadata: the interaction's channel metadata is the
	// first phone log created with it (channel_metadata_table =
	// sn_openframe_phone_log, channel_metadata_document = its sys_id), as
	// the CTI operation handler example in api-reference/
	// server-api-reference/CTIOperationResponseAPI.md does by hand.
	switchVoiceChannelMetadata = "voice-channel-metadata"
	// switchVoiceClientSession: clientSessionId is kept on the interaction,
	// in a client_session_id column (which exists only under the switch).
	switchVoiceClientSession = "voice-client-session-id"
	// switchVoiceOpenedFor: without opened_for in additionalParams, the
	// interaction is opened for the user (or customer contact) whose phone,
	// mobile_phone or home_phone is exactly userPhoneNumber.
	switchVoiceOpenedFor = "voice-opened-for"
)

func init() {
	addAssumption(switchVoiceChannelMetadata, "the voice-interaction create sets the interaction's channel metadata to its first phone log")
	addAssumption(switchVoiceClientSession, "the voice-interaction API keeps clientSessionId in interaction.client_session_id")
	addAssumption(switchVoiceOpenedFor, "the voice-interaction create opens the interaction for the user whose phone number is exactly userPhoneNumber")
	addAssumedColumns(switchVoiceClientSession, "interaction", "client_session_id")
}

// assumeOnVoiceCreate adds to a new interaction's fields what the switched-on
// assumptions say the instance adds.
func (s *Server) assumeOnVoiceCreate(ix Record, b *voiceBody, logs []Record) {
	if s.assumes(switchVoiceChannelMetadata) && len(logs) > 0 {
		ix["channel_metadata_table"] = "sn_openframe_phone_log"
		ix["channel_metadata_document"] = logs[0]["sys_id"]
	}
	if s.assumes(switchVoiceClientSession) && b.Interaction.ClientSessionID != "" {
		ix["client_session_id"] = b.Interaction.ClientSessionID
	}
	if s.assumes(switchVoiceOpenedFor) && ix["opened_for"] == "" {
		n := b.Interaction.UserPhoneNumber
		for _, t := range subtables("sys_user") {
			caller, err := s.DB.FindOne(t, func(r Record) bool { return r["phone"] == n || r["mobile_phone"] == n || r["home_phone"] == n })
			if err == nil {
				ix["opened_for"] = caller["sys_id"]
				return
			}
		}
	}
}
