package records

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNumberForms(t *testing.T) {
	cases := []struct {
		name, e164, region string
		want               []string
	}{
		{"a US number in the US", "+14155550201", "US", []string{
			"+14155550201", "+1 415-555-0201", "+1 415 555 0201", "+1 (415) 555-0201",
			"(415) 555-0201", "415-555-0201", "415.555.0201", "415 555 0201", "4155550201", "1-415-555-0201", "14155550201",
		}},
		{"a UK number in the UK", "+442079460958", "GB", []string{
			"+442079460958", "+44 20 7946 0958", "+44 (0)20 7946 0958",
			"020 7946 0958", "020-7946-0958", "020.7946.0958", "02079460958",
		}},
		{"a UK number in the US: its own national forms too", "+442079460958", "US", []string{
			"+442079460958", "+44 20 7946 0958", "+44 (0)20 7946 0958",
			"020 7946 0958", "020-7946-0958", "020.7946.0958", "02079460958",
		}},
		{"a French number in France", "+33142685300", "FR", []string{
			"+33142685300", "+33 1 42 68 53 00", "+33 (0)1 42 68 53 00",
			"01 42 68 53 00", "01-42-68-53-00", "01.42.68.53.00", "0142685300",
		}},
		{"not a number", "+1", "US", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, NumberForms(tc.e164, tc.region))
		})
	}
}

func TestSameNumber(t *testing.T) {
	cases := []struct {
		stored, e164, region string
		want                 bool
	}{
		{"(415) 555-0201", "+14155550201", "US", true},
		{"415.555.0201 x12", "+14155550201", "US", true},
		{"+1 415-555-0201 ext. 7", "+14155550201", "US", true},
		{"1-415-555-0201", "+14155550201", "US", true},
		{"4155550201#3", "+14155550201", "US", true},
		{"41555502019", "+14155550201", "US", false},
		{"(415) 555-0202", "+14155550201", "US", false},
		{"020 7946 0958", "+442079460958", "GB", true},
		{"020 7946 0958", "+442079460958", "US", true},
		{"01 23 45 67 89", "+33123456789", "US", true},
		{"(020) 794-6095", "+442079460958", "US", false},
		{"415-555-0201", "+442079460958", "GB", false},
		{"+44 (0)20 7946 0958", "+442079460958", "US", true},
		{"", "+14155550201", "US", false},
		{"call reception", "+14155550201", "US", false},
	}
	for _, tc := range cases {
		t.Run(tc.stored+" in "+tc.region, func(t *testing.T) {
			assert.Equal(t, tc.want, SameNumber(tc.stored, tc.e164, tc.region))
		})
	}
}

// Every form of a number reads back as the number.
func TestFormsAreTheNumber(t *testing.T) {
	for _, n := range []struct{ e164, region string }{{"+14155550201", "US"}, {"+442079460958", "GB"}, {"+33142685300", "FR"}, {"+61291234567", "AU"}, {"+4930123456", "DE"},
		{"+442079460958", "US"}, {"+33142685300", "US"}, {"+14155550201", "GB"}} {
		for _, f := range NumberForms(n.e164, n.region) {
			assert.True(t, SameNumber(f, n.e164, n.region), "%s in %s", f, n.region)
		}
	}
}

func TestDisplay(t *testing.T) {
	us := Rules{Region: "US"}
	gb := Rules{Region: "GB"}
	for _, tc := range []struct {
		name  string
		rules Rules
		e164  string
		want  string
	}{
		{"a number of the region", us, "+14155550201", "(415) 555-0201"},
		{"another country's", us, "+442079460958", "+44 20 7946 0958"},
		{"a London number in GB", gb, "+442079460958", "020 7946 0958"},
		{"a US number in GB", gb, "+14155550201", "+1 415-555-0201"},
		{"nothing", us, "", ""},
		{"not a number", us, "+1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rules.Display(tc.e164); got != tc.want {
				t.Errorf("Display(%q) = %q, want %q", tc.e164, got, tc.want)
			}
		})
	}
}
