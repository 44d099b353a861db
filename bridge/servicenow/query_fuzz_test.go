package servicenow

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzQuery builds an encoded query of three conditions joined every way
// the builder joins them, with any fields, operators and values: it is
// refused (ErrUnsafeQuery) or it holds exactly the carets the builder put
// between its conditions, no control character, and no value that starts a
// script.
func FuzzQuery(f *testing.F) {
	f.Add("active", "=", "true", "caller_id.phone", "STARTSWITH", "(415) 555-0201", "short_description", "LIKE", "printer", uint8(0), "sys_updated_on")
	f.Add("a", "=", "x^ORb=y", "b", "!=", "x\ny", "c", "IN", "1,2", uint8(1), "")
	f.Add("active=true^ORsys_id", "=", "x", "a.b.c", "=", "x", "a", "SOUNDSLIKE", "x", uint8(2), "x^y")
	f.Add("closed_at", "ISEMPTY", "^", "d", ">=", "2026-01-02 03:04:05", "e", "LIKE", " javascript:gs.log(1)", uint8(3), "f")
	f.Fuzz(func(t *testing.T, f1, o1, v1, f2, o2, v2, f3, o3, v3 string, joins uint8, order string) {
		q := Where(f1, o1, v1)
		conds := 1
		for i, c := range []Cond{{f2, o2, v2}, {f3, o3, v3}} {
			switch (joins >> (2 * i)) & 3 {
			case 0:
				q.And(c.Field, c.Op, c.Value)
			case 1:
				q.Or(c.Field, c.Op, c.Value)
			case 2:
				q.NewQuery(c.Field, c.Op, c.Value)
			default:
				q.AndAnyOf(c)
			}
			conds++
		}
		if order != "" {
			if joins&0x10 == 0 {
				q.OrderBy(order)
			} else {
				q.OrderByDesc(order)
			}
			conds++
		}
		s, err := q.Encode()
		if err != nil {
			var fe *FormatError
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			require.ErrorIs(t, err, ErrUnsafeQuery)
			assert.Empty(t, s)
			assert.Contains(t, q.String(), "invalid query")
			return
		}
		assert.Equal(t, conds-1, strings.Count(s, "^"), "carets in %q", s)
		assert.False(t, strings.ContainsFunc(s, unicode.IsControl), "control character in %q", s)
		for _, v := range []string{v1, v2, v3} {
			assert.False(t, strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:"), "script value %q in %q", v, s)
		}
	})
}
