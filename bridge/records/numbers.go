package records

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// Numbers are stored as people type them — "(415) 555-0201",
// "415.555.0201 x12", "+1 415-555-0201", "020 7946 0958" — not in E.164, so
// an exact match on the caller's E.164 number misses most records. The
// lookup asks for rows whose phone field STARTSWITH one of the written forms
// of the caller's number (STARTSWITH is a documented operator:
// rest-api-explorer/c_RESTAPI.md, sysparm_query; a stored extension follows
// the number, so the forms are prefixes), then keeps only the rows whose
// stored number is the caller's E.164 number (SameNumber). Forms and
// matching use libphonenumber's metadata (github.com/nyaruka/phonenumbers).

// NumberForms returns the written forms of an E.164 number that a lookup
// asks for: the international ones (E.164, "+1 415-555-0201",
// "+1 415 555 0201", and "+1 (415) 555-0201" or "+44 (0)20 7946 0958" where
// the national format has them), and the national ones of the number's own
// country ("(415) 555-0201", "415-555-0201", "415.555.0201",
// "415 555 0201", "4155550201", and with a trunk prefix the national format
// leaves out, "1-415-555-0201" and "14155550201"; "020 7946 0958" for a
// London number): a French customer of a US company has their number stored
// the French way. Forms another form is a prefix of are dropped (the shorter
// one's STARTSWITH finds them). It returns nil for a number that does not
// parse. region is the rules' region, for numbers written without a country.
func NumberForms(e164, region string) []string {
	n, err := phonenumbers.Parse(e164, region)
	if err != nil {
		return nil
	}
	cc := "+" + strconv.Itoa(int(n.GetCountryCode()))
	intl := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	national := phonenumbers.Format(n, phonenumbers.NATIONAL)
	intlGroups := digitGroups(strings.TrimPrefix(intl, cc))
	forms := []string{
		phonenumbers.Format(n, phonenumbers.E164),
		intl,
		cc + " " + strings.Join(intlGroups, " "),
	}
	trunk := phonenumbers.GetNddPrefixForRegion(phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode())), true)
	groups := digitGroups(national)
	withTrunk := trunk != "" && strings.Join(groups, "") == trunk+phonenumbers.GetNationalSignificantNumber(n)
	switch {
	case withTrunk:
		forms = append(forms, cc+" ("+trunk+")"+strings.TrimPrefix(strings.Join(groups, " "), trunk))
	case strings.HasPrefix(national, "("):
		forms = append(forms, cc+" "+national)
	}
	forms = append(forms, national, strings.Join(groups, "-"), strings.Join(groups, "."), strings.Join(groups, " "), strings.Join(groups, ""))
	if trunk != "" && !withTrunk {
		forms = append(forms, trunk+"-"+strings.Join(groups, "-"), trunk+strings.Join(groups, ""))
	}
	return prefixFree(forms)
}

// SameNumber reports whether a stored number (as typed, extension and all)
// is the E.164 number e164. It is read in region (the rules' region, for
// numbers written without a country); a stored number that is no valid
// number there is read in the country of e164 instead, so "020 7946 0958"
// on a record is the London number +442079460958 even for a US deployment,
// while "(415) 555-0201" stays a US number everywhere.
func SameNumber(stored, e164, region string) bool {
	stored = strings.TrimSpace(stored)
	if stored == "" || e164 == "" {
		return false
	}
	n, err := phonenumbers.Parse(stored, region)
	if err == nil && phonenumbers.IsValidNumber(n) {
		return phonenumbers.Format(n, phonenumbers.E164) == e164
	}
	caller, err := phonenumbers.Parse(e164, region)
	if err != nil {
		return false
	}
	home := phonenumbers.GetRegionCodeForNumber(caller)
	if home == "" || home == region {
		return false
	}
	n, err = phonenumbers.Parse(stored, home)
	return err == nil && phonenumbers.Format(n, phonenumbers.E164) == e164
}

// digitGroups splits a formatted number into its runs of digits.
func digitGroups(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

// prefixFree drops empty and repeated forms and those another form is a
// prefix of, keeping the order.
func prefixFree(forms []string) []string {
	var out []string
	for i, f := range forms {
		covered := f == ""
		for j, g := range forms {
			if j != i && g != "" && strings.HasPrefix(f, g) && (len(g) < len(f) || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, f)
		}
	}
	return out
}

// Display writes an E.164 number as people in the rules' region read it:
// in the national format for a number of that region ("(415) 555-0201"),
// in the international format for any other ("+44 20 7946 0958"). It
// returns "" for a number that does not parse.
func (r Rules) Display(e164 string) string {
	if e164 == "" {
		return ""
	}
	n, err := phonenumbers.Parse(e164, r.region())
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return ""
	}
	if phonenumbers.GetRegionCodeForNumber(n) == r.region() {
		return phonenumbers.Format(n, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
}
