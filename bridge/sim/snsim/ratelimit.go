package snsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Inbound REST API rate limiting, as ServiceNow does it (reference:
// https://www.servicenow.com/docs/r/api-reference/rest-api-explorer/inbound-REST-API-rate-limiting.html).
// Rules are sys_rate_limit_rules rows:
//
//	name, active, rate_limit (requests per hour),
//	apply_to (single_user | role | all_users; inferred from user/role when empty),
//	user (sys_user), role (sys_user_role),
//	rest_api (Table API, Batch API, AWA API, REST API; empty = every API),
//	table (Table API rules only; empty = every table)
//
// A user's request matches the single-user rules first, then the role rules
// (the lowest limit among them), then the all-users rules. A matched rule
// adds X-RateLimit-Limit, X-RateLimit-Reset (the Unix time the hour ends)
// and X-RateLimit-Rule (its sys_id); over the limit the answer is 429 with
// Retry-After. Counts are per rule and user in fixed clock hours, exact
// (ServiceNow commits them every 30 s, so it may let a few more through).
// The seed has no rules; POST /sim/ratelimit adds them at run time.

// rateLimiter counts requests per rule and user in the current hour.
type rateLimiter struct {
	mu     sync.Mutex
	window time.Time      // start of the counted hour
	counts map[string]int // rule sys_id + "/" + user sys_id -> requests
}

func newRateLimiter() *rateLimiter { return &rateLimiter{counts: map[string]int{}} }

// take counts a request against a rule's limit; false when the limit is
// already reached.
func (rl *rateLimiter) take(ruleID, userID string, limit int, now time.Time) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.roll(now)
	key := ruleID + "/" + userID
	if rl.counts[key] >= limit {
		return false
	}
	rl.counts[key]++
	return true
}

// count returns how many requests a rule counted, for every user, this hour.
func (rl *rateLimiter) count(ruleID string, now time.Time) int {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.roll(now)
	n := 0
	for key, c := range rl.counts {
		if strings.HasPrefix(key, ruleID+"/") {
			n += c
		}
	}
	return n
}

// roll starts a new hour when now is past the counted one.
func (rl *rateLimiter) roll(now time.Time) {
	if hour := now.UTC().Truncate(time.Hour); !hour.Equal(rl.window) {
		rl.window = hour
		rl.counts = map[string]int{}
	}
}

// resetRule zeroes a rule's counts (ServiceNow does when its limit changes).
func (rl *rateLimiter) resetRule(ruleID string) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	for key := range rl.counts {
		if strings.HasPrefix(key, ruleID+"/") {
			delete(rl.counts, key)
		}
	}
}

// reset zeroes every count.
func (rl *rateLimiter) reset() {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.counts = map[string]int{}
}

// admitRate applies the rate-limit rules to an authenticated REST request.
// It sets the X-RateLimit headers when a rule matches, and answers 429 and
// returns false when the user is over the rule's limit.
func (s *Server) admitRate(w http.ResponseWriter, r *http.Request, user Record) bool {
	p := parseAPIPath(r.URL.Path)
	if p.api == "" || p.api == batchAPI {
		return true
	}
	rule, limit, ok := s.rateRule(user, p)
	if !ok {
		return true
	}
	now := s.now()
	reset := now.UTC().Truncate(time.Hour).Add(time.Hour)
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(limit))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	w.Header().Set("X-RateLimit-Rule", rule["sys_id"])
	if s.limits.take(rule["sys_id"], user["sys_id"], limit, now) {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(reset.Sub(now).Seconds()+0.999)))
	writeError(w, http.StatusTooManyRequests, "Rate limit exceeded",
		fmt.Sprintf("Rate limit of %d requests per hour for %s exceeded", limit, p.api))
	return false
}

// rateRule picks the rule that governs a user's request, and its limit.
func (s *Server) rateRule(user Record, p apiPath) (Record, int, bool) {
	rules, _ := s.DB.Find("sys_rate_limit_rules", func(r Record) bool {
		return r["active"] != "false" && (r["rest_api"] == "" || r["rest_api"] == p.api) &&
			(r["table"] == "" || r["table"] == p.table)
	})
	if len(rules) == 0 {
		return nil, 0, false
	}
	var roles map[string]bool
	best := map[string]Record{} // apply_to -> lowest-limit rule
	limits := map[string]int{}  // apply_to -> its limit
	for _, rule := range rules {
		limit, err := strconv.Atoi(rule["rate_limit"])
		if err != nil || limit < 0 {
			continue
		}
		kind := ruleKind(rule)
		switch kind {
		case "single_user":
			if rule["user"] != user["sys_id"] {
				continue
			}
		case "role":
			if roles == nil {
				roles = s.userRoles(user["sys_id"])
			}
			role, err := s.DB.Get("sys_user_role", rule["role"])
			if err != nil || !roles[role["name"]] {
				continue
			}
		}
		if cur, ok := limits[kind]; !ok || limit < cur {
			best[kind], limits[kind] = rule, limit
		}
	}
	for _, kind := range []string{"single_user", "role", "all_users"} {
		if rule, ok := best[kind]; ok {
			return rule, limits[kind], true
		}
	}
	return nil, 0, false
}

// ruleKind is a rule's apply_to, inferred from its user and role fields
// when empty.
func ruleKind(rule Record) string {
	switch {
	case rule["apply_to"] != "":
		return rule["apply_to"]
	case rule["user"] != "":
		return "single_user"
	case rule["role"] != "":
		return "role"
	}
	return "all_users"
}
