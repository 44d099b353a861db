package cti

import "strings"

// NormalizeNumber turns a number as records hold it ("+1 (415) 555-0100",
// "415-555-0100", "0044 20 7183 8750") into E.164, using countryCode for
// national numbers of ten digits. It is deliberately small (the panel must
// stay light); the bridge does full libphonenumber parsing for correlation.
func NormalizeNumber(raw, countryCode string) (string, bool) {
	s := strings.TrimSpace(raw)
	if i := strings.IndexAny(s, ";,xX"); i >= 0 { // extensions, pauses
		s = s[:i]
	}
	plus := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || (r == '+' && digits.Len() == 0):
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case len(d) == 10 && countryCode != "":
		d = countryCode + d
	case len(d) == 11 && strings.HasPrefix(d, countryCode) && countryCode == "1":
	default:
		return "", false
	}
	e := "+" + d
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	return e, true
}
