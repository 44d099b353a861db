package bridge

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/url"
	"text/tabwriter"
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
