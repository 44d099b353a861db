//go:build !js

package vccsim

// Ledger rows for the v0 Web API's calls (webapi.go,
// webapi_disposition.go).
func init() {
	const area = "v0 Web API"
	addLedger(
		Row{Area: area, Item: "GET /v0/{accountKey}/calls/{callGuid}",
			What:   "The call detail, Accept application/json;version=3: {id, links:[{href:…/v0/{accountKey}/Calls/{id}, rel:\"_self\"}], from, to, status: null, recordingStatus: null, result, dispositionCode}; during the call and for 24 hours after it, then 404.",
			Source: srcCallDetail, Status: Documented},
		Row{Area: area, Item: "from and to",
			What:   "Inbound: from.telephoneNumber the caller, to.telephoneNumber the number dialled (the queue's DDI). Outbound: from.agentId the agent who dialled (with from.telephoneNumber the number presented, as the page's example shows both), to.telephoneNumber the number dialled. A transfer changes neither.",
			Source: srcCallDetail, Status: Documented},
		Row{Area: area, Item: "result",
			What:    "null, except for an outbound call that did not connect: {\"code\":\"Failure\",\"party\":\"Originator\",\"reason\":\"NoAnswer\"} (a number that never answers) or reason \"Busy\".",
			Source:  srcCallDetail + " (the NoAnswer example; other values not shown)",
			Status:  Assumed,
			IfWrong: "Nothing: the bridge does not read result."},
		Row{Area: area, Item: "Accept version",
			What:    "Anything but application/json;version=3 (with or without a space) is 406 {\"message\"}.",
			Source:  srcCallDetail + " (version 3 required; the error not shown)",
			Status:  Assumed,
			IfWrong: "Nothing: the bridge always asks for version 3."},
		Row{Area: area, Item: "callGuid = interactionId",
			What:    "A call's callGuid is the interactionId its channel events carry.",
			Source:  "none: no page links the v0 call GUID to the webhooks' interactionId",
			Status:  Assumed,
			IfWrong: "The bridge loses the call detail's facts (caller number, DDI, direction) in documented-only mode and needs the webhook extensions or another lookup: one function in bridge/vccapi."},
		Row{Area: area, Item: "authentication",
			What:    "Authorization: Bearer with an access token of /Auth/connect/token (client credentials) of scope interactions:write; none or a bad one is 401, another scope 403. An accountKey that is not the token's account is 404.",
			Source:  srcCallDetail + " (an OAuth bearer token; the pages use the legacy /v0/oauth2/token and name no scope)",
			Status:  Assumed,
			IfWrong: "The bridge's token for the v0 Web API is one setting (its scope, or the legacy token endpoint with the account key and API token): one function in bridge/vccapi."},
		Row{Area: area, Item: "POST /v0/{accountKey}/calls/{callGuid}/dispositionCode",
			What:   "{\"dispositionCode\",\"agentId\"} with Content-Type application/json, a code of 3 to 64 characters: 200 {\"dispositionCode\"}; no code 400 {\"message\":\"Disposition code field was expected. \"}; over 255 characters 400 with the page's message; an unknown call 404 {\"message\":\"The requested resource was not found.\"}.",
			Source: srcDisposition, Status: Documented},
		Row{Area: area, Item: "dispositionCode: where the page is silent",
			What:    "A code of 1–2 or 65–255 characters is 400 {\"message\"}; a code that is not one of the account's is 400; an agentId that had no part in the call is 404; without agentId the call's latest agent gets it; another Content-Type is 415.",
			Source:  srcDisposition + "; " + srcDispCodes + " (codes are defined by admins)",
			Status:  Assumed,
			IfWrong: "Nothing: the bridge sends the account's codes from its settings and the agent of the call."},
		Row{Area: area, Item: "dispositionCode: effect",
			What:   "The call's dispositionCode (the call detail shows it) and the agent's; an agent whose codes are enforced and who is in wrap-up leaves it (VCC moves the agent on once the code is given); the others' wrap-up needs no code of its own any more.",
			Source: srcDispCodes + "; " + srcDisposition, Status: Documented},
		Row{Area: area, Item: "no list of disposition codes",
			What:   "The simulator offers no API listing the account's codes (the seed's dispositionCodes are for the checks above and the softphone's welcome).",
			Source: srcDispCodes + " (no list API found)", Status: Documented},
	)
}
