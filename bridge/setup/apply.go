package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/vccnow/connector/bridge/servicenow"
)

// TableAPI is the Table API as setup uses it; *servicenow.Client is one.
type TableAPI interface {
	List(ctx context.Context, table string, q *servicenow.Query, fields []string, limit int) ([]servicenow.Record, error)
	Insert(ctx context.Context, table string, rec servicenow.Record) (servicenow.Record, error)
	Update(ctx context.Context, table, sysID string, rec servicenow.Record) (servicenow.Record, error)
}

var _ TableAPI = (*servicenow.Client)(nil)

// Read finds what the instance holds of what d asks.
func Read(ctx context.Context, t TableAPI, d Desired) (Existing, error) {
	ex := Existing{Queues: map[string]Record{}, States: map[string]Record{}, Reasons: map[string]Record{}, Pools: map[string][]Record{}}
	rows, err := t.List(ctx, "sn_openframe_configuration", nil,
		[]string{"sys_id", "name", "url", "active", "default", "user_group", "title", "width", "height"}, 100)
	if err != nil {
		return ex, readErr("sn_openframe_configuration", err)
	}
	ex.OpenFrame = asRecords(rows)
	rows, err = t.List(ctx, "awa_service_channel", servicenow.Where("name", "=", "Phone"),
		[]string{"sys_id", "name", "table", "condition", "active"}, 1)
	if err != nil {
		return ex, readErr("awa_service_channel", err)
	}
	if len(rows) > 0 {
		ex.Channel = Record(rows[0])
	}
	for _, q := range d.Queues {
		if err := readInto(ctx, t, "awa_queue", "external_id", q.ExternalID, ex.Queues,
			"sys_id", "name", "external_id", "service_channel", "condition", "active"); err != nil {
			return ex, err
		}
	}
	for _, s := range d.States {
		if err := readInto(ctx, t, "awa_presence_state", "name", s.Name, ex.States,
			"sys_id", "name", "active", "available", "service_channels"); err != nil {
			return ex, err
		}
	}
	for _, r := range d.Reasons {
		if err := readInto(ctx, t, "awa_reject_reason", "name", r, ex.Reasons, "sys_id", "name", "active", "service_channel"); err != nil {
			return ex, err
		}
	}
	if ex.Group, ex.GroupMissing, err = groupID(ctx, t, d.OpenFrame.Group); err != nil {
		return ex, err
	}
	if d.AgentGroup == "" {
		return ex, nil
	}
	if ex.AgentGroup, ex.AgentGroupMissing, err = groupID(ctx, t, d.AgentGroup); err != nil {
		return ex, err
	}
	rules := map[string]Record{}
	if err := readInto(ctx, t, "awa_assignment_rule", "name", d.Rule, rules, "sys_id", "name", "active"); err != nil {
		return ex, err
	}
	ex.Rule = rules[d.Rule]
	for _, q := range d.Queues {
		have := ex.Queues[q.ExternalID]
		if have == nil {
			continue
		}
		rows, err := t.List(ctx, "awa_eligibility_pool", servicenow.Where("queue", "=", have["sys_id"]),
			[]string{"sys_id", "queue", "groups", "assignment_rule", "active"}, 100)
		if err != nil {
			return ex, readErr("awa_eligibility_pool", err)
		}
		ex.Pools[q.ExternalID] = asRecords(rows)
	}
	return ex, nil
}

// groupID finds the sys_id of the sys_user_group named name: "", false
// when no name is given; "", true when the instance has no such group.
func groupID(ctx context.Context, t TableAPI, name string) (string, bool, error) {
	if name == "" {
		return "", false, nil
	}
	rows, err := t.List(ctx, "sys_user_group", servicenow.Where("name", "=", name), []string{"sys_id"}, 1)
	if err != nil {
		return "", false, readErr("sys_user_group", err)
	}
	if len(rows) == 0 {
		return "", true, nil
	}
	return rows[0]["sys_id"], false, nil
}

// readInto keeps the record of table whose field is value in m[value].
func readInto(ctx context.Context, t TableAPI, table, field, value string, m map[string]Record, fields ...string) error {
	rows, err := t.List(ctx, table, servicenow.Where(field, "=", value), fields, 1)
	if err != nil {
		return readErr(table, err)
	}
	if len(rows) > 0 {
		m[value] = Record(rows[0])
	}
	return nil
}

func asRecords(rows []servicenow.Record) []Record {
	out := make([]Record, len(rows))
	for i, r := range rows {
		out[i] = Record(r)
	}
	return out
}

// ErrRefused is a change the instance refused (403) or that the user's
// roles cannot make.
var ErrRefused = errors.New("not allowed")

func readErr(table string, err error) error {
	switch servicenow.Status(err) {
	case http.StatusForbidden:
		return fmt.Errorf("reading %s: %w (%v): the user needs the role %s", table, ErrRefused, err, strings.Join(readRoles(table), " or "))
	case http.StatusBadRequest:
		return fmt.Errorf("reading %s: %v: is the plugin that brings it installed (Advanced Work Assignment, OpenFrame)?", table, err)
	}
	return fmt.Errorf("reading %s: %w", table, err)
}

func readRoles(table string) []string {
	if r, ok := RolesFor[table]; ok {
		return r
	}
	return []string{"admin"}
}

// Apply makes the changes of plan in order, printing each as it is made;
// it stops at the first the instance refuses, saying which were made.
func Apply(ctx context.Context, t TableAPI, plan []Change, out io.Writer) error {
	refs := map[string]string{}
	for i, c := range plan {
		fields := servicenow.Record{}
		var later servicenow.Record
		for k, v := range c.Fields {
			for ref, id := range refs {
				v = strings.ReplaceAll(v, ref, id)
			}
			if strings.Contains(v, RefSelf) {
				if later == nil {
					later = servicenow.Record{}
				}
				later[k] = v
				continue
			}
			fields[k] = v
		}
		id := c.SysID
		var err error
		if c.Op == Create {
			var rec servicenow.Record
			if rec, err = t.Insert(ctx, c.Table, fields); err == nil {
				id = rec["sys_id"]
			}
		} else {
			_, err = t.Update(ctx, c.Table, c.SysID, fields)
		}
		if err == nil && later != nil {
			for k, v := range later {
				later[k] = strings.ReplaceAll(v, RefSelf, id)
			}
			_, err = t.Update(ctx, c.Table, id, later)
		}
		if err != nil {
			return applyErr(c, i, err)
		}
		if c.Ref != "" {
			refs[c.Ref] = id
		}
		verb := map[Op]string{Create: "created", Update: "updated"}[c.Op]
		fmt.Fprintf(out, "%s %s %q (%s)\n", verb, c.Table, c.Name, id)
	}
	return nil
}

func applyErr(c Change, done int, err error) error {
	made := fmt.Sprintf("%d of the plan's changes were made before it; run setup again once this is fixed", done)
	if servicenow.Status(err) == http.StatusForbidden {
		return fmt.Errorf("%s %s %q: %w (%v): the user needs the role %s; %s", c.Op, c.Table, c.Name, ErrRefused, err,
			strings.Join(readRoles(c.Table), " or "), made)
	}
	return fmt.Errorf("%s %s %q: %w; %s", c.Op, c.Table, c.Name, err, made)
}

// Roles reads the active roles of the user named userName.
func Roles(ctx context.Context, t TableAPI, userName string) (map[string]bool, error) {
	users, err := t.List(ctx, "sys_user", servicenow.Where("user_name", "=", userName), []string{"sys_id"}, 1)
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, fmt.Errorf("no sys_user is named %s", userName)
	}
	rows, err := t.List(ctx, "sys_user_has_role", servicenow.Where("user", "=", users[0]["sys_id"]).And("state", "=", "active"), []string{"role.name"}, 500)
	if err != nil {
		return nil, err
	}
	roles := map[string]bool{}
	for _, r := range rows {
		roles[r["role.name"]] = true
	}
	return roles, nil
}
