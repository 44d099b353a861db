package snsim

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedPhones is every phone number the seed holds: where, as stored (as
// people type them), and the E.164 number a caller's line presents for it.
// testdata/servicenow/README.md's table says the same.
var seedPhones = []struct {
	table, sysID, field, stored, dialed string
}{
	{"sys_user", "46d44a23a9fe19810012d100cca80666", "phone", "+1 415-555-0101", "+14155550101"},                // beth.anglin
	{"sys_user", "62826bf03710200044e0bfc8bcbe5df1", "phone", "(415) 555-0102", "+14155550102"},                 // abel.tuter
	{"sys_user", "7bcc1d6a2ba3be519ba517d29d7df7f3", "phone", "(415) 555-0111", "+14155550111"},                 // david.miller
	{"sys_user", "7bcc1d6a2ba3be519ba517d29d7df7f3", "mobile_phone", "415.555.0112", "+14155550112"},            // david.miller
	{"sys_user", "072e566128091acb860fac6a122e59b6", "phone", "+1 415-555-0121", "+14155550121"},                // fred.luddy
	{"sys_user", "d6174f6bead2481a63a1136458e38baf", "phone", "415-555-0131 x123", "+14155550131"},              // alissa.mountjoy
	{"sys_user", "24f79494fbbd50b2fc7b1b0241d7a2ea", "mobile_phone", "415 555 0132", "+14155550132"},            // bud.richman
	{"sys_user", "24f79494fbbd50b2fc7b1b0241d7a2ea", "home_phone", "+14155550131", "+14155550131"},              // bud.richman
	{"sys_user", "75a08345858452642ea77b919a7ded87", "mobile_phone", "+1 (415) 555-0141", "+14155550141"},       // candice.bruce
	{"sys_user", "0d9cef07f01d5945c8714e5fd6afdc7e", "home_phone", "1-415-555-0151", "+14155550151"},            // jewel.agresta
	{"sys_user", "0f440a4b808ae7502f44038344e48aa1", "phone", "+14155550161", "+14155550161"},                   // lucius.bagnoli
	{"sys_user", "9bb732cda586b4ed0a0ab400e836c719", "phone", "4155550171", "+14155550171"},                     // megan.burke
	{"sys_user", "47c1de81c5e14deace9db083a23e63b5", "mobile_phone", "+1 415 555 0181", "+14155550181"},         // paul.rivers
	{"customer_account", "0a84aac098443ac599467557694ea9bc", "phone", "(415) 555-0200", "+14155550200"},         // Boxeo
	{"customer_account", "3ec1817ead16b3b59b501717b014695d", "phone", "415.555.0220", "+14155550220"},           // Zenith Logistics
	{"customer_account", "efcb6b7072142af49ae06a3e4738f64c", "phone", "+1 415-555-0230", "+14155550230"},        // Harbor Health
	{"customer_account", "1331bca6c7017ac3741ed9d6c3176a48", "phone", "020 7946 0000", "+442079460000"},         // Thames Digital
	{"customer_contact", "123c6832cf7ba8edc6f20afe72fcf9b2", "phone", "(415) 555-0201", "+14155550201"},         // julie.lewis
	{"customer_contact", "123c6832cf7ba8edc6f20afe72fcf9b2", "mobile_phone", "415.555.0202", "+14155550202"},    // julie.lewis
	{"customer_contact", "5b85f0d858bd1a6005cb30e8533c788e", "phone", "415-555-0211 x123", "+14155550211"},      // george.warren
	{"customer_contact", "be56652bc52bb67a5822923812caeb56", "mobile_phone", "+1 415-555-0221", "+14155550221"}, // rick.berzle
	{"customer_contact", "08c35360c850eb1f8b7a5357ef89e597", "phone", "415.555.0231", "+14155550231"},           // nina.hale
	{"customer_contact", "4e6a2a6ae93db5fda7d4651dd0a397a4", "phone", "020 7946 0018", "+442079460018"},         // oliver.bennett
	{"csm_consumer", "f9d2ad41214c0b4ebb875ed10e885d55", "mobile_phone", "(415) 555-0301", "+14155550301"},      // Maria Gonzales
	{"csm_consumer", "b7daa88c21531cca9b4e408dec343a38", "home_phone", "415 555 0311", "+14155550311"},          // Sam Sorenson
	{"csm_consumer", "b7daa88c21531cca9b4e408dec343a38", "business_phone", "+1 415 555 0312", "+14155550312"},   // Sam Sorenson
	{"csm_consumer", "d0ec2135acda9a4307d5c1e43d4964dd", "business_phone", "+14155550231", "+14155550231"},      // Olivia Park
	{"csm_consumer", "dd3c210b7653ec7cab5b21b36b8b14fb", "home_phone", "01 23 45 67 89", "+33123456789"},        // Camille Durand
}

// Numbers are stored as people type them, and each is the caller's E.164
// number once parsed in the caller's region (an extension left aside); the
// list above is every number the seed holds.
func TestSeedPhoneFormats(t *testing.T) {
	seed, err := loadSeed(filepath.Join("..", "..", "..", "testdata", "servicenow"))
	require.NoError(t, err)
	byID := map[string]Record{}
	for table, rows := range seed {
		for _, r := range rows {
			byID[table+"/"+r["sys_id"]] = r
		}
	}
	listed := map[string]bool{}
	for _, p := range seedPhones {
		listed[p.table+"/"+p.sysID+"/"+p.field] = true
		rec := byID[p.table+"/"+p.sysID]
		require.NotNil(t, rec, "%s %s", p.table, p.sysID)
		assert.Equal(t, p.stored, rec[p.field], "%s %s.%s", p.table, p.sysID, p.field)

		dialed, err := phonenumbers.Parse(p.dialed, "")
		require.NoError(t, err, p.dialed)
		region := phonenumbers.GetRegionCodeForNumber(dialed)
		num, err := phonenumbers.Parse(p.stored, region)
		require.NoError(t, err, p.stored)
		assert.Equal(t, p.dialed, phonenumbers.Format(num, phonenumbers.E164), "%q in %s", p.stored, region)
	}
	for table, rows := range seed {
		for _, r := range rows {
			for col, v := range r {
				if v != "" && strings.HasSuffix(col, "phone") && !strings.HasPrefix(table, "awa_") {
					assert.True(t, listed[table+"/"+r["sys_id"]+"/"+col], "%s %s.%s = %q is not in seedPhones", table, r["sys_id"], col, v)
				}
			}
		}
	}
}
