// Package records keeps a call's ServiceNow records right, relying only on
// what ServiceNow documents. It finds who is calling and what about
// (rules.go, numbers.go, lookup.go, match.go, correlate.go), and brings the
// interaction in line with the call's facts one step at a time (plan.go
// decides, purely, what the next request is; sync.go runs it and records its
// outcome so every write is made once, through the caller's save).
//
// What it writes, and by what documented means:
//   - the interaction, created with one openframe voice-interaction POST
//     (type phone, state, direction, AWA queue and Phone channel, caller
//     fields, a short_description ending with "[VCC <interaction id>]"), its
//     phone log (call_id, phone_number, contact, agent, start_time) and its
//     link to the case, incident or requested item; a create whose answer
//     was lost is found again by that short_description;
//   - transfers to a queue with the AWA Offer Work API, counted done only on
//     "success": true;
//   - at hang-up nothing, unless the queue has the workspace's wrap-up
//     (workspaceWrapUp): then a Wrap Up API segment, closed with the panel's
//     wrap-up unless the agent submitted it in the workspace;
//   - the close: one voice-interaction PATCH (state closed_complete, the
//     note in work_notes), then one Table API PATCH of the linked record's
//     work_notes (resolving a case with resolveCase), and a Service Request
//     with createRequest. A wrap-up that comes after the close is written
//     the same way.
//
// ServiceNow rate-limits the integration user per hour, so the bridge counts
// its requests. An inbound call, lookup to close, answered in the panel
// (AWA's accept through the bridge included) and wrapped up there:
//
//	CSM contact or consumer with an open case                       5
//	CSM contact without a case (queue serving contacts, or both)      5
//	CSM consumer without a case, or unknown, on a queue serving both 6
//	CSM unknown caller on a queue serving one kind                   5
//	ITSM caller with one open incident or requested item             6
//	ITSM caller with several (2 more once the agent picks one)      5
//	ITSM user without an open record, or unknown                     6
//
// workspaceWrapUp adds 2 (1 when the agent submits in the workspace);
// createCase adds 2 (the case, and the closing note on it); createRequest
// adds 1; a transfer to a queue adds 1 (and the next agent's accept); when
// the bridge saw no AWA accept it writes work_in_progress itself (1); a
// create whose answer was lost adds 1 (the look for it). The AWA
// queue and Phone channel sys_ids are looked up once a day (Warm).
package records
