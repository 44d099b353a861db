package snsim

import "sort"

// assignWaiting is AWA's assignment pass: every queued work item, oldest
// first, is offered to the best eligible agent of its queue, if there is
// one. Items nobody can take stay queued until an agent becomes available,
// capacity frees up or the configuration changes.
func (a *AWA) assignWaiting() {
	items := a.find(tWorkItem, func(r Record) bool { return r["state"] == wiQueued && activeRecord(r) })
	if len(items) == 0 {
		return
	}
	v := a.view()
	pools := a.poolsByQueue()
	for _, wi := range items {
		agent, rule, ok := a.pickAgent(v, pools[wi["queue"]], wi)
		if !ok {
			continue
		}
		v.take(agent, wi["service_channel"])
		a.offer(wi, agent, termsFromRule(rule))
	}
}

// poolsByQueue returns the active eligibility pools of each queue, in their
// order.
func (a *AWA) poolsByQueue() map[string][]Record {
	out := map[string][]Record{}
	for _, p := range a.find(tEligibilityPool, activeRecord) {
		out[p["queue"]] = append(out[p["queue"]], p)
	}
	for _, ps := range out {
		sortByOrderField(ps)
	}
	return out
}

// candidate is an agent who could take an item.
type candidate struct {
	agent        string
	spare        int    // free capacity on the item's channel
	lastAssigned uint64 // 0 when never offered anything
}

// pickAgent chooses who gets wi: the first pool (by order) with an eligible
// member decides, ranking its members by the pool's assignment rule. Agents
// who rejected this item are skipped.
func (a *AWA) pickAgent(v *routingView, pools []Record, wi Record) (agent string, rule Record, ok bool) {
	rejected := map[string]bool{}
	for _, r := range a.find(tWorkItemRejection, func(r Record) bool { return r["work_item"] == wi["sys_id"] }) {
		rejected[r["agent"]] = true
	}
	for _, pool := range pools {
		seen := map[string]bool{}
		var cands []candidate
		for _, group := range glideList(pool["groups"]) {
			for _, u := range v.members[group] {
				if seen[u] || rejected[u] {
					continue
				}
				seen[u] = true
				if spare := v.spare(u, wi["service_channel"]); spare > 0 {
					cands = append(cands, candidate{agent: u, spare: spare, lastAssigned: a.lastAssigned[u]})
				}
			}
		}
		if len(cands) == 0 {
			continue
		}
		rule = a.get(tAssignmentRule, pool["assignment_rule"])
		rankCandidates(cands, rule["assign_by"])
		return cands[0].agent, rule, true
	}
	return "", nil, false
}

// rankCandidates sorts the best candidate first. Most Capacity (the default)
// prefers the most spare capacity, then whoever was offered work longest
// ago; Last Assigned the other way round. The agent's sys_id breaks the
// remaining ties so routing is deterministic.
func rankCandidates(cs []candidate, assignBy string) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if assignBy == assignLastAssigned && a.lastAssigned != b.lastAssigned {
			return a.lastAssigned < b.lastAssigned
		}
		if a.spare != b.spare {
			return a.spare > b.spare
		}
		if a.lastAssigned != b.lastAssigned {
			return a.lastAssigned < b.lastAssigned
		}
		return a.agent < b.agent
	})
}

// offerTerms are the conditions of one offer: from the assignment rule when
// AWA routes, from the request when the Offer Work API assigns.
type offerTerms struct {
	// timeout is how long the agent has to answer; 0 means no time limit.
	timeout int // seconds
	// allowReject lets the agent reject the offer.
	allowReject bool
	// afterTimeout is the awa_presence_state the agent is put in when the
	// offer times out (empty: unchanged).
	afterTimeout string
	// autoAccept accepts the offer at once.
	autoAccept bool
	// rule is the awa_assignment_rule that made the offer, if any.
	rule string
	// offeredOn overrides the offer time (Offer Work API offered_on).
	offeredOn string
}

// termsFromRule reads an awa_assignment_rule: allow_reject (default true),
// reassign_on_timeout with timeout (seconds, default 30) and
// timeout_presence_state, auto_accept. A missing rule offers without a time
// limit and allows rejection.
func termsFromRule(rule Record) offerTerms {
	t := offerTerms{allowReject: rule["allow_reject"] != "false", autoAccept: flagSet(rule["auto_accept"]), rule: rule["sys_id"]}
	if flagSet(rule["reassign_on_timeout"]) {
		t.timeout = numberField(rule, "timeout", 30)
		t.afterTimeout = rule["timeout_presence_state"]
	}
	return t
}
