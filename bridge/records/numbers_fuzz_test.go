package records

import (
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/servicenow"
)

// fuzzRegions are rules' regions the number targets read numbers in.
var fuzzRegions = []string{"US", "GB", "FR", "DE", "AU", "IN", "BR", "JP"}

// FuzzNormalize reads any text as a caller's number, as the bridge reads
// VCC's and the rules' numbers: the result is "" or a number in E.164 that
// reads as itself, every written form a lookup asks for is safe in an
// encoded query (and, for a valid number, reads back as the number), and
// the lookups built from it encode without error (no form is refused as
// unsafe).
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"+14155550201", "(415) 555-0201", "415.555.0201 x12", "+1 415-555-0201 ext. 7", "1-415-555-0201",
		"020 7946 0958", "+44 (0)20 7946 0958", "01 23 45 67 89", "+33142685300", "+61291234567", "+4930123456", "anonymous", "",
		"+1", "+999999999999999999", "4155550201#3", "+1 415^555", "tel:+14155550201", "+1\n4155550201"} {
		f.Add(s, uint8(0))
	}
	f.Add("020 7946 0958", uint8(1))
	f.Add("01 42 68 53 00", uint8(2))
	f.Add("0030000000", uint8(6)) // Brazil: +55030000000 reads as +5530000000
	f.Add("0000000", uint8(4))    // Australia: +61000000 reads as +6100000
	f.Fuzz(func(t *testing.T, raw string, region uint8) {
		rules := Rules{Region: fuzzRegions[int(region)%len(fuzzRegions)]}
		n := rules.Normalize(raw)
		if n == "" {
			return
		}
		require.NoError(t, servicenow.CheckE164(n), "Normalize(%q) in %s", raw, rules.Region)
		parsed, err := phonenumbers.Parse(n, rules.Region)
		require.NoError(t, err)
		require.Equal(t, n, rules.Normalize(n), "Normalize(Normalize(%q))", raw)
		forms := NumberForms(n, rules.Region)
		require.NotEmpty(t, forms, "the forms of %s", n)
		assert.Equal(t, n, forms[0], "E.164 is the first form")
		// A number that is possible but not valid (a range libphonenumber
		// does not know yet) is looked up all the same, safely; only a
		// valid one's forms surely read back as it.
		valid := phonenumbers.IsValidNumber(parsed)
		own := phonenumbers.GetRegionCodeForNumber(parsed) == rules.Region
		for _, form := range forms {
			require.NoError(t, servicenow.CheckQueryValue("phone", form), "form %q of %s", form, n)
			// A record that stores the number as a form is the caller's.
			// A national form of a foreign number may also be a number of
			// the rules' region, so only the international forms, and all
			// forms of the region's own numbers, must read back.
			if valid && (own || strings.HasPrefix(form, "+")) {
				assert.True(t, SameNumber(form, n, rules.Region), "form %q of %s in %s", form, n, rules.Region)
			}
		}
		for _, kind := range []QueueRule{{Kind: CSM, Callers: CallersBoth}, {Kind: ITSM}} {
			for _, st := range stages(kind, n, rules.Region) {
				for _, l := range st.reads {
					q, err := l.Query.Encode()
					require.NoError(t, err, "the %s lookup for %s", l.Table, n)
					assert.False(t, strings.ContainsFunc(q, unicode.IsControl), "the %s lookup: %q", l.Table, q)
				}
			}
		}
	})
}

// FuzzSameNumber compares any stored text with any number: it never panics,
// and says yes only for a number in E.164.
func FuzzSameNumber(f *testing.F) {
	for _, s := range [][2]string{{"(415) 555-0201", "+14155550201"}, {"415.555.0201 x12", "+14155550201"}, {"020 7946 0958", "+442079460958"},
		{"01 23 45 67 89", "+33123456789"}, {"41555502019", "+14155550201"}, {"call reception", "+14155550201"}, {"", ""}, {"+1", "+1"}} {
		f.Add(s[0], s[1], uint8(0))
	}
	f.Fuzz(func(t *testing.T, stored, e164 string, region uint8) {
		r := fuzzRegions[int(region)%len(fuzzRegions)]
		if SameNumber(stored, e164, r) {
			assert.NoError(t, servicenow.CheckE164(e164), "%q is %q in %s", stored, e164, r)
		}
	})
}

// FuzzPrefill builds the new record popped for a caller from whatever the
// number and the records' ids are: its encoded query holds exactly the
// conditions whose values are safe, each with its value intact, and no
// caret but those between conditions.
func FuzzPrefill(f *testing.F) {
	f.Add(uint8(0), "+14155550201", "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210")
	f.Add(uint8(1), "+442079460958", "", "")
	f.Add(uint8(2), "", "a^ORactive=false", "x\ny")
	f.Add(uint8(3), "+1^NQsys_id!=x", "javascript:gs.log(1)", "&sysparm_query=x")
	f.Fuzz(func(t *testing.T, table uint8, number, sysID, account string) {
		tables := []string{"customer_contact", "csm_consumer", "sn_customerservice_case", "incident"}
		tb := tables[int(table)%len(tables)]
		ref := prefill(tb, number, "contact="+sysID, "account="+account)
		require.Equal(t, tb, ref.Table)
		require.Equal(t, "-1", ref.SysID)
		form, err := url.ParseQuery(ref.Query)
		require.NoError(t, err, "the form's query %q", ref.Query)
		require.Equal(t, []string{"-1"}, form["sys_id"], "the form is a new record: %q", ref.Query)
		require.Len(t, form["sysparm_query"], 1, "one sysparm_query: %q", ref.Query)
		q := form["sysparm_query"][0]

		// What prefill was given, field by field.
		given := [][2]string{{"contact", sysID}, {"account", account}}
		switch tb {
		case "customer_contact":
			given = append(given, [2]string{"phone", number})
		case "csm_consumer":
			given = append(given, [2]string{"mobile_phone", number})
		default:
			given = append(given, [2]string{"contact_type", "phone"}, [2]string{"short_description", "Call from " + firstNonEmpty(number, "an unknown number")})
		}
		var want []string
		for _, g := range given {
			if g[1] != "" && servicenow.CheckQueryValue(g[0], g[1]) == nil {
				want = append(want, g[0]+"="+g[1])
			}
		}
		if len(want) == 0 {
			assert.Empty(t, q)
			return
		}
		assert.Equal(t, want, strings.Split(q, "^"), "the conditions of %q", q)
	})
}
