//go:build !js

package vccsim

import "github.com/vccnow/connector/bridge/sim/ledger"

// The contract ledger (package ledger): one row for every endpoint, event,
// payload field and behaviour the simulator implements, each with its public
// source: a page of VCC's public developer documentation (title and URL, as
// listed in the project's reference/vcc.md), the vendor's guide
// (seed/vcc-servicenow-voice-guide.txt) or one of VCC's official samples
// (github.com/newvoicemedia/vcc-node-code-snippets). What no source
// describes is marked assumed, with what the product does if it is wrong.
//
// Rows live beside the code they describe (ledger_*.go, registered with
// addLedger from init); CONTRACT.md is rendered from them and kept up to
// date by TestContractLedger:
//
//	go test ./bridge/sim/vccsim -run TestContractLedger -update

// Row is one line of the ledger.
type Row = ledger.Row

// Row statuses.
const (
	Documented = ledger.Documented
	Assumed    = ledger.Assumed
	StandIn    = ledger.StandIn
)

// book is this simulator's ledger and its assumption switches.
var book = ledger.NewBook()

// addLedger registers rows (called from the ledger_*.go files' init).
func addLedger(rows ...Row) { book.Add(rows...) }

// Ledger returns every row, sorted by area, then in the order registered.
func Ledger() []Row { return book.Rows() }

// Sources the rows cite again and again: VCC's pages by title and URL.
const (
	srcAuthResources = "Resources (Authentication API), https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3566174935/Resources+Authentication+API"
	srcAuthHowTo     = "How to authenticate with a Vonage Contact Center (VCC) API, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3567190030"
	srcAuthRequests  = "Requests (Authentication API), https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3566174948"
	srcNodeOIDC      = "official sample newvoicemedia/vcc-node-code-snippets, interaction-content-download/oidcClient.js"
	srcAPIAdmin      = "API Admin, https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/948963312/API+Admin"
	srcAgentsAPI     = "Agents API, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3566927907/Agents+API"
	srcAgentsReq     = "Requests (Agents API), https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3566174726"
	srcAgentsResp    = "Responses (Agents API), https://newvoicemedia.atlassian.net/wiki/pages/viewpage.action?pageId=3566174739"
	srcPresenceDefs  = "Get presence definitions, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3565192670/Get+presence+definitions"
	srcGetPresence   = "Get agent's presence, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3565192683"
	srcSetPresence   = "Set agent's presence, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3566174808/Set+agent+s+presence"
	srcPresencesOf   = "Get presences of users, https://docs-vcc.atlassian.net/wiki/pages/viewpage.action?pageId=3583770683"
	srcAvailability  = "Get agents availability, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3566174612/Get+agents+availability"
	srcUserAdmin     = "User Admin API (Get user, v4), https://newvoicemedia.atlassian.net/wiki/pages/diffpagesbyversion.action?pageId=3568795748; Authentication (User Admin API), https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3567191010"
	srcUserObject    = "_ExcerptAPIUserObjectUpdate, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3575087112"
	srcWebhooksReq   = "Requests (Webhooks API), https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914432535"
	srcEventTypes    = "Get event types, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3913679042/Get+event+types"
	srcCreateSub     = "Create subscription, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914432546/Create+subscription"
	srcEventTypesDP  = "Event types in Webhooks, https://docs-vcc.atlassian.net/wiki/spaces/DP/pages/4368105554/Event+types+in+Webhooks"
	srcChannelTypes  = "Channel event types (Webhooks API), https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3913679071"
	srcPresenceEvent = "agent.presencechanged.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914072287"
	srcAlerted       = "channel.alerted.v1, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/4285857921/channel.alerted.v1"
	srcConnected     = "channel.connected.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914399812"
	srcConnFailed    = "channel.connectionfailed.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914399823"
	srcHeld          = "channel.held.v1, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/4285988991/channel.held.v1"
	srcRetrieved     = "channel.retrieved.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914399845"
	srcWrapStarted   = "channel.wrapstarted.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914432623"
	srcEnded         = "channel.ended.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3914432612"
	srcResumed       = "channel.resumed.v0, https://newvoicemedia.atlassian.net/wiki/spaces/VCCA/pages/3979214849"
	srcSigning       = "Webhooks subscriptions (Verifying and responding to a signed webhook notification), https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/3943465165; official sample newvoicemedia/vcc-node-code-snippets, webhook-consumer/app.js"
	srcBestPractice  = "Webhook consumer best practice, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/4188340249"
	srcCallDetail    = "Retrieving the call detail, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3568796012/Retrieving+the+call+detail"
	srcDisposition   = "Setting disposition code for the call, https://docs-vcc.atlassian.net/wiki/spaces/VCCA/pages/3568861589"
	srcDispCodes     = "Disposition codes, https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/225132382/Disposition+codes"
	srcAutoReject    = "Auto reject in ContactPad using WebRTC, https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/3849453624"
	srcInboundWebRTC = "Receiving an inbound call using ContactPad with WebRTC, https://newvoicemedia.atlassian.net/wiki/spaces/DP/pages/3799220318"
	srcStates        = "Agent state definitions, https://docs-vcc.atlassian.net/wiki/spaces/DP/pages/95519469/Agent+state+definitions"
	srcGuide         = "Vonage Contact Center and ServiceNow Voice integration guide, https://docs-vcc.atlassian.net/wiki/spaces/DP/pages/5582716977 (and seed/vcc-servicenow-voice-guide.txt)"
	srcRateLimit     = "Rate limiting, https://authentication.developer.newvoicemedia.com/docs/authentication/rate-limiting"
	srcDesign        = "the project's DESIGN.md (simulator control API)"
)

// ledgerPreamble opens CONTRACT.md.
const ledgerPreamble = `# The VCC simulator's contract ledger

Generated from the ` + "`ledger_*.go`" + ` files of this package by ` + "`go test ./bridge/sim/vccsim -run TestContractLedger -update`" + `; do
not edit by hand.

Every endpoint, event, payload field and behaviour the simulator implements, with its public source: a page of
Vonage Contact Center's public developer documentation (its title and address), the vendor's ServiceNow Voice
guide, or one of VCC's official samples (` + "`newvoicemedia/vcc-node-code-snippets`" + `).

- **documented**: VCC documents it; the simulator does exactly that, and is strict where the page is silent
  (it refuses rather than guesses).
- **assumed**: no public source describes it. The row says what the product does if the assumption is wrong.
  An assumed behaviour the simulator can perform without the product needing it is behind a switch
  (` + "`vccsim.Config.Assume`" + `; ` + "`Config.WebhookExtensions`" + ` for the webhook extensions), off by default. The
  softphone signaling and the AWA hand-off are assumed and always on: VCC publishes neither, and a real
  deployment replaces each with one adapter (the rows say which).
- **stand-in**: the simulator's own plumbing for what VCC does internally and the product never calls (the
  sign-in page's look, the control API under ` + "`/sim/`" + `).
`
