package vccapi

import "encoding/json"

// Extensions are fields of VCC's channel events that VCC does not document:
// the customer's number (party.address), the queue (channel.queue), the
// direction (channel.direction), the agent a re-queued call came from
// (channel.transferredFrom), the disposition (data.disposition), and reasons
// other than "released" ("abandoned", "transferred"). This is the one place
// the bridge reads them — all ASSUMED, each with a documented source it falls
// back on when they are absent:
//
//   - number and direction: the v0 Web API's call detail (CallDetail);
//   - queue: the number dialled, mapped to a queue by the rules (numbers);
//   - transfers: the agent's panel, which reports each one;
//   - a caller who gave up waiting: the customer's channel ending before any
//     agent's connected;
//   - the disposition: the agent's wrap-up, sent by the panel.
//
// A deployment whose VCC sends them gets its calls' facts a request sooner;
// one whose VCC does not loses nothing.
type Extensions struct {
	// Address is the customer's number (E.164), "" when absent.
	Address   string
	Queue     string
	Direction string
	// TransferredFrom is the VCC user id of the agent a re-queued call
	// came from.
	TransferredFrom string
	Disposition     string
	// Reason is the channel's end reason when it is one of the assumed
	// ones ("abandoned", "transferred"), "" otherwise.
	Reason string
}

// ReadExtensions reads the extensions of a channel event's data; what is
// absent or malformed reads as "".
func ReadExtensions(data json.RawMessage) Extensions {
	var raw struct {
		Channel struct {
			Party struct {
				Address string `json:"address"`
			} `json:"party"`
			Queue *struct {
				Name string `json:"name"`
			} `json:"queue"`
			Direction       string `json:"direction"`
			TransferredFrom *struct {
				UserID string `json:"userId"`
			} `json:"transferredFrom"`
		} `json:"channel"`
		Reason      string `json:"reason"`
		Disposition string `json:"disposition"`
	}
	if json.Unmarshal(data, &raw) != nil {
		return Extensions{}
	}
	x := Extensions{Address: raw.Channel.Party.Address, Direction: raw.Channel.Direction, Disposition: raw.Disposition}
	if raw.Channel.Queue != nil {
		x.Queue = raw.Channel.Queue.Name
	}
	if raw.Channel.TransferredFrom != nil {
		x.TransferredFrom = raw.Channel.TransferredFrom.UserID
	}
	if x.Direction != "inbound" && x.Direction != "outbound" {
		x.Direction = ""
	}
	if raw.Reason == "abandoned" || raw.Reason == "transferred" {
		x.Reason = raw.Reason
	}
	return x
}
