package snsim

// Ledger rows for the openframe voice-interaction API (voiceapi*.go).
func init() {
	const area = "openframe voice-interaction API"
	const page = "api-reference/rest-apis/openframe-api.md"
	const ifWrong = "Nothing: the product does not rely on it."
	addLedger(
		Row{Area: area, Item: "POST /api/now/openframe[/{api_version}]/voice-interaction",
			What:   "Creates one interaction; answers 200 {\"result\":{\"status\":\"SUCCESS\",\"sysId\",\"number\"}}. Roles sn_openframe_api_user or sn_openframe_user (403 otherwise).",
			Source: page, Status: Documented},
		Row{Area: area, Item: "PATCH /api/now/openframe[/{api_version}]/voice-interaction/{interactionSysId}",
			What:   "Updates the interaction with the same body; answers 200 {\"result\":{\"status\":\"SUCCESS\"}}. An interaction that does not exist (or may not be written) is {\"result\":{\"status\":\"FAILURE\"}} with 200.",
			Source: page + " (FAILURE: the record was not updated; the HTTP status of a FAILURE is not given: the simulator answers 200)", Status: Documented},
		Row{Area: area, Item: "400 and 500",
			What:   "400 in the error envelope for a body that is not JSON, no interaction object, an update's interaction without any parameter, a create without userPhoneNumber, a userPhoneNumber or callbackPhoneNumber not in E.164, a relatedRecords entry without documentTable or documentId, a value that is an object or array; 500 when a record cannot be stored.",
			Source: page + " (status codes; interaction required, at least one parameter; userPhoneNumber required, E.164)", Status: Documented},
		Row{Area: area, Item: "interaction.userPhoneNumber",
			What:   "Required on create, E.164; stored in no column (the page does not say which).",
			Source: page, Status: Documented},
		Row{Area: area, Item: "interaction.callbackPhoneNumber",
			What:   "E.164; stored in the interaction's caller_phone_number.",
			Source: page, Status: Documented},
		Row{Area: area, Item: "interaction.additionalParams",
			What:   "Interaction fields and values, written as any write (a name the interaction table does not have is dropped; work_notes becomes a journal entry; state starts new when not given).",
			Source: page + " (name-value pairs of the interaction record's fields)", Status: Documented},
		Row{Area: area, Item: "interaction.clientSessionId, inboundId, interactionContext",
			What:   "Accepted and stored nowhere: the page does not say where they go.",
			Source: page, Status: Documented},
		Row{Area: area, Item: "phoneLogs",
			What:   "Each entry creates a phone log (sn_openframe_phone_log) with the fields given, unknown ones dropped, on create and on update alike; an update never changes an existing phone log. Phone logs are not linked to the interaction.",
			Source: page + " (name-value pairs of the phone logs to create and associate with a call)", Status: Documented},
		Row{Area: area, Item: "relatedRecords",
			What:   "Each entry creates an interaction_related_record (interaction, document_table, document_id; a task document is also its task, with type task).",
			Source: page + "; conversational-interfaces/agent-chat/ci-agent-chat-reference.md", Status: Documented},
		Row{Area: area, Item: "channel metadata set to the first phone log",
			What:   "With the switch on, a create sets channel_metadata_table = sn_openframe_phone_log and channel_metadata_document = its first phone log.",
			Source: "none for the API; api-reference/server-api-reference/CTIOperationResponseAPI.md's operation handler does it by hand", Status: Assumed, Switch: switchVoiceChannelMetadata,
			IfWrong: "Nothing: after a lost create answer the bridge finds its interaction by the short_description it wrote (type=phone^short_descriptionLIKE<VCC id>)."},
		Row{Area: area, Item: "clientSessionId kept on the interaction",
			What:   "With the switch on, the interaction has a client_session_id column holding clientSessionId.",
			Source: "none: the page says clientSessionId links the records of both systems, not where it is kept", Status: Assumed, Switch: switchVoiceClientSession,
			IfWrong: "Nothing: the bridge keeps the VCC interaction id in the short_description it writes."},
		Row{Area: area, Item: "opened_for from userPhoneNumber",
			What:   "With the switch on, a create without opened_for opens the interaction for the user whose phone, mobile_phone or home_phone is exactly userPhoneNumber.",
			Source: "none for the API; CTIOperationResponseAPI.md's operation handler looks the caller up by hand", Status: Assumed, Switch: switchVoiceOpenedFor,
			IfWrong: ifWrong + " The bridge looks the caller up itself and sends opened_for/contact/consumer/account in additionalParams."},
	)
}
