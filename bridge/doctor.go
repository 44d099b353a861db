package bridge

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vccnow/connector/bridge/store"
)

// The doctor checks a configuration against the real ServiceNow instance and
// VCC region it names, before (or while) the bridge runs there: each check
// says what it found and, when it fails, what to do. It writes nothing but
// the OAuth tokens it asks for and one probe of the voice-interaction API (a
// PATCH of a sys_id no record has). `bridge doctor` runs it.

// CheckStatus is a check's outcome.
type CheckStatus int

// Check outcomes. A Warn is worth a look but does not stop the bridge.
const (
	CheckPass CheckStatus = iota
	CheckWarn
	CheckFail
)

func (s CheckStatus) String() string {
	switch s {
	case CheckPass:
		return "PASS"
	case CheckWarn:
		return "WARN"
	case CheckFail:
		return "FAIL"
	}
	return fmt.Sprintf("CheckStatus(%d)", int(s))
}

// Check is one finding of the doctor.
type Check struct {
	Name   string
	Status CheckStatus
	// Detail says what was found; Fix what to do about a Warn or a Fail.
	Detail string
	Fix    string
}

func pass(name, detail string) Check { return Check{Name: name, Status: CheckPass, Detail: detail} }

func warn(name, detail, fix string) Check {
	return Check{Name: name, Status: CheckWarn, Detail: detail, Fix: fix}
}

func fail(name, detail, fix string) Check {
	return Check{Name: name, Status: CheckFail, Detail: detail, Fix: fix}
}

// Doctor runs every check: the configuration, then ServiceNow, then VCC.
// The checks of a service stop at the first that makes the rest
// meaningless (unreachable, or refused sign-in).
func (s *Server) Doctor(ctx context.Context) []Check {
	checks := s.doctorConfig()
	checks = append(checks, s.doctorServiceNow(ctx)...)
	return append(checks, s.doctorVCC(ctx)...)
}

// WriteReport prints one line per check, and under a Warn or a Fail what to
// do; it reports whether any check failed.
func WriteReport(w io.Writer, checks []Check) (failed bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Status, c.Name, c.Detail)
		if c.Status != CheckPass && c.Fix != "" {
			fmt.Fprintf(tw, "\t\t→ %s\n", c.Fix)
		}
		failed = failed || c.Status == CheckFail
	}
	_ = tw.Flush()
	return failed
}

// doctorConfig checks what needs no network.
func (s *Server) doctorConfig() []Check {
	c := s.cfg
	var out []Check
	switch key, err := base64.StdEncoding.DecodeString(c.WebhookSecret); {
	case c.WebhookSecret == "":
		out = append(out, fail("webhook secret", "not set", "Set VCCNOW_WEBHOOK_SECRET to a random base64 string of 32 bytes or more (openssl rand -base64 32)."))
	case err != nil:
		out = append(out, fail("webhook secret", "not base64: "+err.Error(), "Set VCCNOW_WEBHOOK_SECRET to base64 (openssl rand -base64 32)."))
	case len(key) < 32:
		out = append(out, fail("webhook secret", fmt.Sprintf("%d bytes", len(key)), "Use 32 bytes or more, as VCC asks (openssl rand -base64 32)."))
	default:
		out = append(out, pass("webhook secret", fmt.Sprintf("%d bytes", len(key))))
	}
	switch u, err := url.Parse(c.PublicURL); {
	case c.PublicURL == "" || err != nil || u.Host == "":
		out = append(out, fail("public URL", fmt.Sprintf("%q is not a URL", c.PublicURL), "Set -public-url (VCCNOW_PUBLIC_URL) to the https URL where VCC reaches this bridge."))
	case u.Scheme != "https" && !isLoopback(u.Hostname()):
		out = append(out, fail("public URL", c.PublicURL, "VCC delivers webhooks to https URLs only: put the bridge behind TLS and set its https URL."))
	default:
		out = append(out, pass("public URL", c.PublicURL+"/webhooks/vcc receives VCC's events"))
	}
	return out
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// outboxListed is how many dead letters the doctor's outbox check names.
const outboxListed = 3

// OutboxCheck is the doctor's look at the bridge's own outbox (st is the
// store `bridge serve` uses, not the doctor's scratch one): a Warn that
// counts the dead letters and failing ops and names the first few dead
// letters (key, kind, last error, since when), with how to run them again.
func OutboxCheck(ctx context.Context, st *store.Store, now time.Time) Check {
	const name = "outbox"
	c, err := st.Counts(ctx)
	if err != nil {
		return fail(name, err.Error(), "Check that the bridge's database (-db, VCCNOW_DB) is readable.")
	}
	if c.Dead == 0 && c.Failing == 0 {
		return pass(name, fmt.Sprintf("%d pending, none failing, no dead letters", c.Pending))
	}
	dead, err := st.DeadLetters(ctx, outboxListed)
	if err != nil {
		return fail(name, err.Error(), "Check that the bridge's database (-db, VCCNOW_DB) is readable.")
	}
	detail := fmt.Sprintf("%s, %d failing (needing an operator), %d pending", count(c.Dead, "dead letter"), c.Failing, c.Pending)
	var named []string
	for _, op := range dead {
		named = append(named, fmt.Sprintf("#%d %s %s since %s: %s", op.ID, op.Key, op.Kind, since(op.FailingSince, op.DeadAt, now), shorten(op.LastErr, 160)))
	}
	if len(named) > 0 {
		detail += "; " + strings.Join(named, "; ")
	}
	if c.Dead > len(dead) {
		detail += fmt.Sprintf("; and %d more", c.Dead-len(dead))
	}
	return warn(name, detail, "Fix what the errors say (ServiceNow's credentials, roles, queues, presence states, or its maintenance), "+
		"then run `bridge outbox retry all` with the bridge's settings; `bridge outbox list` shows every op. "+
		"A newer event of the same call or agent supersedes its dead letter by itself.")
}

// since says when an op started failing (or died, when that is unknown),
// and how long ago.
func since(failing, dead, now time.Time) string {
	t := failing
	if t.IsZero() {
		t = dead
	}
	return fmt.Sprintf("%s (%s ago)", t.UTC().Format(time.RFC3339), now.Sub(t).Round(time.Minute))
}

// shorten cuts s to n runes.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// count is n and its noun, plural when n is not 1 ("2 dead letters").
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
