//go:build !js

package bridge

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The doctor compares this machine's clock with the instance's Date header,
// allowing for the second it is rounded to and the time the request took.
func TestClockCheck(t *testing.T) {
	sent := time.Date(2026, 12, 6, 9, 0, 0, 400_000_000, time.UTC)
	got := sent.Add(300 * time.Millisecond)
	date := func(d time.Duration) string { return sent.Add(d).Format(http.TimeFormat) }
	for name, tc := range map[string]struct {
		date string
		want CheckStatus
	}{
		"the same second":           {date(0), CheckPass},
		"rounded down a second":     {date(-400 * time.Millisecond), CheckPass},
		"10 s ahead":                {date(10 * time.Second), CheckPass},
		"45 s behind":               {date(-45 * time.Second), CheckWarn},
		"2 min ahead":               {date(2 * time.Minute), CheckFail},
		"an hour behind":            {date(-time.Hour), CheckFail},
		"no Date header":            {"", CheckWarn},
		"a Date that is not a date": {"yesterday", CheckWarn},
	} {
		t.Run(name, func(t *testing.T) {
			c := clockCheck(tc.date, sent, got)
			assert.Equal(t, tc.want, c.Status, c.Detail)
			if tc.want != CheckPass {
				assert.Contains(t, c.Fix, "NTP")
			}
		})
	}
}
