package records

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vccnow/connector/bridge/servicenow"
)

// refs are the reference columns the bridge dot-walks, and their tables.
var refs = map[string]string{"contact": "customer_contact", "consumer": "csm_consumer", "account": "customer_account",
	"caller_id": "sys_user", "requested_for": "sys_user", "role": "sys_user_role"}

// inSchema reports whether table (or a table it extends) has the column;
// a dot-walk is checked on both tables.
func inSchema(table, column string) bool {
	if base, target, ok := strings.Cut(column, "."); ok {
		return inSchema(table, base) && inSchema(refs[base], target)
	}
	for _, t := range Ancestors(table) {
		if st, ok := SchemaTableOf(t); ok && slices.Contains(st.Columns, column) {
			return true
		}
	}
	return false
}

var condField = regexp.MustCompile(`^(?:OR|NQ)?([A-Za-z0-9_.]+?)(?:STARTSWITH|ENDSWITH|NOT LIKE|LIKE|NOT IN|IN|ISNOTEMPTY|ISEMPTY|!=|<=|>=|=|<|>)`)

// queryFields are the fields an encoded query names.
func queryFields(t *testing.T, q *servicenow.Query) []string {
	enc, err := q.Encode()
	require.NoError(t, err)
	return encodedFields(enc)
}

func encodedFields(enc string) []string {
	var out []string
	if enc == "" {
		return nil
	}
	for _, c := range strings.Split(enc, "^") {
		if f, ok := strings.CutPrefix(c, "ORDERBYDESC"); ok {
			out = append(out, f)
			continue
		}
		if m := condField.FindStringSubmatch(c); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

func TestSchemaCoversTheLookups(t *testing.T) {
	forms := NumberForms("+14155550201", "US")
	for _, l := range []lookup{casesLookup(forms, true, true), contactsLookup(forms), consumersLookup(forms), incidentsLookup(forms),
		requestedItemsLookup(forms), usersLookup(forms)} {
		for _, f := range append(l.Fields, queryFields(t, l.Query)...) {
			assert.True(t, inSchema(l.Table, f), "%s.%s", l.Table, f)
		}
	}
}

// Every column a whole call writes, or reads back, is in Schema.
func TestSchemaCoversWhatTheSyncWrites(t *testing.T) {
	rules := DefaultRules()
	q := rules.Queues["support"]
	q.CreateCase, q.ResolveCase, q.CreateRequest = true, true, true
	rules.Queues["support"] = q
	e := newEnv(t, rules)
	e.sn.rows["customer_contact"] = []servicenow.Record{{"sys_id": contact, "name": "Ann Lee", "account": account, "phone": "415-555-0201"}}
	e.wholeCall("+14155550201", "support")
	// and a create whose answer was lost, looked for
	e2 := newEnv(t, DefaultRules())
	e2.sn.answer("POST /api/now/openframe/voice-interaction", reply(500, `{}`))
	e2.apply(queued("+14155550201", "servicedesk"))
	require.Error(t, e2.sync(1))
	delete(e2.sn.answers, "POST /api/now/openframe/voice-interaction")
	e2.mustSync(1 + int(CreateMayLand/time.Second))
	e.sn.reqs = append(e.sn.reqs, e2.sn.reqs...)
	tableOf := regexp.MustCompile(`^/api/now/table/([a-z_]+)`)
	e.sn.mu.Lock()
	defer e.sn.mu.Unlock()
	require.NotEmpty(t, e.sn.reqs)
	for _, r := range e.sn.reqs {
		var table string
		var cols []string
		switch {
		case tableOf.MatchString(r.Path):
			table = tableOf.FindStringSubmatch(r.Path)[1]
			for k := range r.Body {
				cols = append(cols, k)
			}
			cols = append(append(cols, r.Fields...), encodedFields(r.Query)...)
		case strings.HasPrefix(r.Path, "/api/now/openframe/voice-interaction"):
			table = "interaction"
			for k := range r.Body["interaction"].(map[string]any)["additionalParams"].(map[string]any) {
				cols = append(cols, k)
			}
			logs, _ := r.Body["phoneLogs"].([]any)
			for _, l := range logs {
				for k := range l.(map[string]any) {
					assert.True(t, inSchema("sn_openframe_phone_log", k), "sn_openframe_phone_log.%s", k)
				}
			}
		}
		for _, c := range cols {
			assert.True(t, inSchema(table, c), "%s %s: %s.%s", r.Method, r.Path, table, c)
		}
	}
}

func TestAncestors(t *testing.T) {
	assert.Equal(t, []string{"incident", "task"}, Ancestors("incident"))
	assert.Equal(t, []string{"customer_contact", "sys_user"}, Ancestors("customer_contact"))
	assert.Equal(t, []string{"unknown"}, Ancestors("unknown"))
}
