//go:build !js

package vccsim

// Ledger rows for the Webhooks API (webhooks.go, subscription.go,
// eventtypes.go) and the delivery of notifications (delivery.go, chaos.go).
func init() {
	const area = "Webhooks API"
	const delivery = "Webhook delivery"
	addLedger(
		Row{Area: area, Item: "gateway",
			What:   "Accept application/vnd.newvoicemedia.v1+json and an admin user's token: admin:read or admin:write to read, admin:write to create, update and delete; an agent's token is 403.",
			Source: srcWebhooksReq + "; " + srcCreateSub, Status: Documented},
		Row{Area: area, Item: "GET /webhooks/event-types",
			What:   "{\"eventTypes\":[{name,description,jsonSchema}]}: agent.presencechanged and the channel.* events, each in v0 and v1, with a JSON Schema 2020-12 stub naming the required data members.",
			Source: srcEventTypes + "; " + srcEventTypesDP, Status: Documented},
		Row{Area: area, Item: "POST /webhooks/subscriptions",
			What:   "{name (3–128 characters, unique in the account), url, events, enabled (default true), secret (Base64 of at least 32 bytes; generated when absent)}; 201 with subscriptionId (a KSUID) and the secret, shown only in this answer and when a PATCH sets it. A name taken is 409; validation errors are 400 in VCC's validation shape.",
			Source: srcCreateSub, Status: Documented},
		Row{Area: area, Item: "events: names only, no wildcard",
			What:   "events lists event type names from GET /webhooks/event-types; a wildcard (any \"*\") is refused with 400 saying VCC does not document its syntax, an unknown name with 400.",
			Source: srcCreateSub + " (a wildcard exists, its syntax is not shown)", Status: Documented},
		Row{Area: area, Item: "url",
			What:    "A fully qualified https URL; http is taken for loopback hosts only, where the bridge runs in tests and the dev stack.",
			Source:  srcCreateSub + " (https); " + srcBestPractice + " (publicly reachable)",
			Status:  Assumed,
			IfWrong: "Nothing: a deployment's bridge has a public https URL; the loopback exception is the simulator's."},
		Row{Area: area, Item: "GET, PATCH, DELETE /webhooks/subscriptions[/{id}]",
			What:    "List ({\"subscriptions\":[…]}), read, update (the members given) and delete (204) the account's subscriptions; another account's is 404. Disabling or deleting drops the events not yet delivered.",
			Source:  srcWebhooksReq + " (the endpoints; their bodies are not shown)",
			Status:  Assumed,
			IfWrong: "The bridge creates its subscription once and reads nothing else; a different shape only changes `bridge doctor`'s listing."},
		Row{Area: area, Item: "changes take effect at once",
			What:    "A new or changed subscription gets the next event.",
			Source:  srcCreateSub + " (changes may take up to 30 seconds)",
			Status:  Assumed,
			IfWrong: "The bridge subscribes at start and tolerates missing early events: the panel and the v0 call detail carry what it needs."},

		Row{Area: delivery, Item: "POST to the subscription's url",
			What:   "One CloudEvent per request, Content-Type application/cloudevents+json; each subscription has its own queue, so a slow receiver delays only its own events.",
			Source: srcSigning + "; " + srcBestPractice, Status: Documented},
		Row{Area: delivery, Item: "Vonage-Signature",
			What:   "\"Bearer <JWT>\": HS256 with the Base64-decoded secret, claim payload_hash = hex SHA-256 of the exact body, exp five minutes after iat.",
			Source: srcSigning, Status: Documented},
		Row{Area: delivery, Item: "success, timeout, retries",
			What:    "200–205 is delivered; anything else, or no answer within 10 s, is retried for up to 24 h, after 1 s, 2 s, 5 s, 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, then every hour (Config.Webhooks).",
			Source:  srcBestPractice + " (2xx, 10 s, 24 h; the schedule is not published)",
			Status:  Assumed,
			IfWrong: "Nothing: the bridge answers quickly and idempotently; any schedule that retries is fine."},
		Row{Area: delivery, Item: "duplicates and order",
			What:   "Delivery may repeat an event and change the order (the control API's chaos turns both on); consumers dedupe on source and id and order by data.timestamp.",
			Source: srcBestPractice, Status: Documented},
	)
}
