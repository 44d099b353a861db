package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Record is a row as the Table API returns it with
// sysparm_exclude_reference_link=true: field → value, all strings;
// dot-walked fields keep their dotted names ("contact.name").
type Record map[string]string

// UnmarshalJSON accepts the odd non-string value (a display-value object,
// a number) and keeps its text.
func (r *Record) UnmarshalJSON(b []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Record, len(raw))
	for k, v := range raw {
		switch x := v.(type) {
		case string:
			out[k] = x
		case nil:
			out[k] = ""
		case map[string]any:
			if s, ok := x["value"].(string); ok {
				out[k] = s
			} else if s, ok := x["display_value"].(string); ok {
				out[k] = s
			}
		default:
			out[k] = fmt.Sprint(x)
		}
	}
	*r = out
	return nil
}

func tablePath(table string, sysID ...string) string {
	p := "/api/now/table/" + url.PathEscape(table)
	if len(sysID) > 0 {
		p += "/" + url.PathEscape(sysID[0])
	}
	return p
}

func tableQuery(fields []string) url.Values {
	v := url.Values{"sysparm_exclude_reference_link": {"true"}, "sysparm_display_value": {"false"}}
	if len(fields) > 0 {
		v.Set("sysparm_fields", strings.Join(fields, ","))
	}
	return v
}

// The Table API (api-reference/rest-apis/c_TableAPI.md): each method
// returns an *Error for an error status (ServiceNow's message: "Invalid
// table", "No Record found"...) or an answer without the documented
// {"result": ...}; List and Update also return a query's *FormatError
// (ErrUnsafeQuery) before sending anything.

// List returns up to limit records of table matching q (nil for all), with
// only fields (nil for all): GET /api/now/table/{table}. It asks for no
// total count.
func (c *Client) List(ctx context.Context, table string, q *Query, fields []string, limit int) ([]Record, error) {
	v := tableQuery(fields)
	if q != nil {
		enc, err := q.Encode()
		if err != nil {
			return nil, err
		}
		v.Set("sysparm_query", enc)
	}
	if limit > 0 {
		v.Set("sysparm_limit", strconv.Itoa(limit))
	}
	v.Set("sysparm_no_count", "true")
	var out []Record
	err := c.Do(ctx, http.MethodGet, tablePath(table), v, nil, &out)
	return out, err
}

// Get returns one record: GET /api/now/table/{table}/{sys_id}.
func (c *Client) Get(ctx context.Context, table, sysID string, fields []string) (Record, error) {
	var out Record
	err := c.Do(ctx, http.MethodGet, tablePath(table, sysID), tableQuery(fields), nil, &out)
	return out, err
}

// Insert creates a record and returns it: POST /api/now/table/{table}.
func (c *Client) Insert(ctx context.Context, table string, rec Record) (Record, error) {
	var out Record
	err := c.Do(ctx, http.MethodPost, tablePath(table), tableQuery(nil), rec, &out)
	return out, err
}

// Update changes fields of a record and returns it:
// PATCH /api/now/table/{table}/{sys_id}. A journal field (work_notes) takes
// the value as a new entry.
func (c *Client) Update(ctx context.Context, table, sysID string, rec Record) (Record, error) {
	var out Record
	err := c.Do(ctx, http.MethodPatch, tablePath(table, sysID), tableQuery(nil), rec, &out)
	return out, err
}
