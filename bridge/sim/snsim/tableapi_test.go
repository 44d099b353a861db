package snsim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableListAndGet(t *testing.T) {
	f := newRESTFixture(t)

	rec := f.get("/api/now/table/incident?sysparm_query=active=true^ORDERBYnumber")
	rows := resultList(t, rec)
	assert.Equal(t, []any{"INC0000101", "INC0000103", "INC0000104", "INC0000105", "INC0000106", "INC0000107", "INC0000108"}, column(rows, "number"))
	assert.Equal(t, "7", rec.Header().Get("X-Total-Count"))
	assert.Equal(t, "application/json;charset=UTF-8", rec.Header().Get("Content-Type"))
	for _, r := range rows {
		for k, v := range r {
			switch v.(type) {
			case string, map[string]any:
			default:
				t.Errorf("%s: field %s is %T, want a string or a reference object", r["number"], k, v)
			}
		}
	}

	one := resultOne(t, f.get("/api/now/table/incident/"+inc101ID), http.StatusOK)
	assert.Equal(t, "INC0000101", one["number"])
	assert.Equal(t, "incident", one["sys_class_name"])
	assert.Equal(t, "", one["close_code"], "declared columns are present even when empty")

	e := errorOf(t, f.get("/api/now/table/incident/0123456789abcdef0123456789abcdef"), http.StatusNotFound)
	assert.Equal(t, "No Record found", e.Error.Message)
	assert.Equal(t, "Record doesn't exist or ACL restricts the record retrieval", *e.Error.Detail)

	e = errorOf(t, f.get("/api/now/table/no_such_table"), http.StatusBadRequest)
	assert.Equal(t, "Invalid table no_such_table", e.Error.Message)
	assert.Nil(t, e.Error.Detail, "detail is null")
	assert.JSONEq(t, `{"error":{"message":"Invalid table no_such_table","detail":null},"status":"failure"}`, f.get("/api/now/v2/table/no_such_table").Body.String())
}

func TestTableEmptyListByVersion(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		status int
	}{
		{"v1 answers 404", "/api/now/v1/table/", http.StatusNotFound},
		{"v2 answers an empty list", "/api/now/v2/table/", http.StatusOK},
		{"unversioned is v2", "/api/now/table/", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newRESTFixture(t)
			rec := f.get(tc.prefix + "interaction")
			require.Equal(t, tc.status, rec.Code, rec.Body.String())
			if tc.status == http.StatusOK {
				assert.JSONEq(t, `{"result":[]}`, rec.Body.String())
			} else {
				assert.Equal(t, "No Record found", decodeAs[envelope](t, rec).Error.Message)
			}
		})
	}
}

func TestTableQueries(t *testing.T) {
	tests := []struct {
		name, path string
		key        string
		want       []any
	}{
		{"dot-walk through a reference", "/api/now/table/incident?sysparm_query=caller_id.user_name=david.miller^ORDERBYnumber", "number", []any{"INC0000101", "INC0000102"}},
		{"dot-walk to an account", "/api/now/table/sn_customerservice_case?sysparm_query=account.name=Boxeo^stateNOT IN3,7^ORDERBYnumber", "number", []any{"CS0000101", "CS0000103"}},
		{"IN and ORDERBYDESC", "/api/now/table/incident?sysparm_query=stateIN1,2^ORDERBYDESCnumber", "number", []any{"INC0000108", "INC0000107", "INC0000106", "INC0000103", "INC0000101"}},
		{"numeric comparison", "/api/now/table/sn_customerservice_case?sysparm_query=state>=10^ORDERBYnumber", "number", []any{"CS0000101", "CS0000104", "CS0000107", "CS0000108"}},
		{"date comparison", "/api/now/table/incident?sysparm_query=opened_at>2024-05-06^ORDERBYopened_at", "number", []any{"INC0000101", "INC0000103", "INC0000107", "INC0000108", "INC0000106"}},
		{"LIKE matches case", "/api/now/table/incident?sysparm_query=short_descriptionLIKEPrinter", "number", []any{"INC0000104"}},
		{"LIKE is case-sensitive", "/api/now/table/incident?sysparm_query=short_descriptionLIKEprinter", "number", []any{}},
		{"NQ adds matches", "/api/now/table/incident?sysparm_query=number=INC0000102^NQnumber=INC0000105^ORDERBYnumber", "number", []any{"INC0000102", "INC0000105"}},
		{"invalid field ignored", "/api/now/table/incident?sysparm_query=no_such_field=1^number=INC0000103", "number", []any{"INC0000103"}},
		{"plain filters", "/api/now/table/incident?active=true&contact_type=phone&sysparm_query_no_domain=true", "number", []any{"INC0000101", "INC0000104", "INC0000106", "INC0000107"}},
		{"plain filter by reference display value", "/api/now/table/incident?caller_id=David%20Miller&state=In%20Progress", "number", []any{"INC0000101"}},
		{"sysparm_query wins over plain filters", "/api/now/table/incident?number=INC0000101&sysparm_query=number=INC0000102", "number", []any{"INC0000102"}},
		{"password fields cannot be queried", "/api/now/table/sys_user?sysparm_query=user_password=demo^user_nameSTARTSWITHbeth", "user_name", []any{"beth.anglin"}},
	}
	f := newRESTFixture(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, column(resultList(t, f.get(tc.path)), tc.key))
		})
	}
}

func TestTableFieldsAndDisplayValues(t *testing.T) {
	link := "http://localhost:8701/api/now/table/sys_user/" + davidID
	tests := []struct {
		name   string
		params string
		want   map[string]any
	}{
		{"stored values with links", "",
			map[string]any{"number": "INC0000101", "state": "2", "caller_id": map[string]any{"link": link, "value": davidID}, "hold_reason": ""}},
		{"no links", "&sysparm_exclude_reference_link=true",
			map[string]any{"number": "INC0000101", "state": "2", "caller_id": davidID, "hold_reason": ""}},
		{"display values", "&sysparm_display_value=true",
			map[string]any{"number": "INC0000101", "state": "In Progress", "caller_id": map[string]any{"display_value": "David Miller", "link": link}, "hold_reason": ""}},
		{"display values without links", "&sysparm_display_value=true&sysparm_exclude_reference_link=true",
			map[string]any{"number": "INC0000101", "state": "In Progress", "caller_id": "David Miller", "hold_reason": ""}},
		{"both", "&sysparm_display_value=all",
			map[string]any{
				"number": map[string]any{"display_value": "INC0000101", "value": "INC0000101"}, "state": map[string]any{"display_value": "In Progress", "value": "2"},
				"caller_id":   map[string]any{"display_value": "David Miller", "value": davidID, "link": link},
				"hold_reason": map[string]any{"display_value": "", "value": ""},
			}},
	}
	f := newRESTFixture(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := f.get("/api/now/table/incident/" + inc101ID + "?sysparm_fields=number,state,caller_id,hold_reason,no_such_field" + tc.params)
			assert.Equal(t, tc.want, resultOne(t, rec, http.StatusOK))
		})
	}

	rows := resultList(t, f.get("/api/now/table/incident?sysparm_query=number=INC0000101&sysparm_fields=number,caller_id.user_name,caller_id.phone,assignment_group.name"))
	assert.Equal(t, []map[string]any{{"number": "INC0000101", "caller_id.user_name": "david.miller", "caller_id.phone": "(415) 555-0111", "assignment_group.name": "Service Desk Phone"}}, rows)
}

func TestTablePaging(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.get("/api/now/table/incident?sysparm_query=ORDERBYnumber&sysparm_limit=2&sysparm_offset=2")
	assert.Equal(t, []any{"INC0000103", "INC0000104"}, column(resultList(t, rec), "number"))
	assert.Equal(t, "8", rec.Header().Get("X-Total-Count"))
	links := map[string]url.Values{}
	for _, l := range strings.Split(rec.Header().Get("Link"), ",") {
		target, rel, ok := strings.Cut(l, ";rel=")
		require.True(t, ok, l)
		u, err := url.Parse(strings.Trim(target, "<>"))
		require.NoError(t, err)
		assert.Equal(t, "/api/now/table/incident", u.Path)
		assert.Equal(t, "ORDERBYnumber", u.Query().Get("sysparm_query"))
		links[strings.Trim(rel, `"`)] = u.Query()
	}
	offsets := map[string]string{}
	for rel, q := range links {
		offsets[rel] = q.Get("sysparm_offset")
		assert.Equal(t, "2", q.Get("sysparm_limit"))
	}
	assert.Equal(t, map[string]string{"first": "0", "prev": "0", "next": "4", "last": "6"}, offsets)

	rec = f.get("/api/now/table/incident?sysparm_limit=2&sysparm_no_count=true&sysparm_suppress_pagination_header=true")
	assert.Len(t, resultList(t, rec), 2)
	assert.Empty(t, rec.Header().Get("X-Total-Count"))
	assert.Empty(t, rec.Header().Get("Link"))

	e := errorOf(t, f.get("/api/now/table/incident?sysparm_limit=ten"), http.StatusBadRequest)
	assert.Equal(t, "Invalid sysparm_limit", e.Error.Message)
}

func TestTableTableHierarchy(t *testing.T) {
	f := newRESTFixture(t)
	classes := map[any]int{}
	for _, r := range resultList(t, f.get("/api/now/table/task?sysparm_fields=sys_class_name")) {
		classes[r["sys_class_name"]]++
	}
	assert.Equal(t, map[any]int{"task": 2, "incident": 8, "sn_customerservice_case": 9, "sc_request": 3, "sc_req_item": 3, "sc_task": 2}, classes)

	contact := resultOne(t, f.get("/api/now/table/sys_user/"+julieID+"?sysparm_fields=user_name,sys_class_name,account.name"), http.StatusOK)
	assert.Equal(t, map[string]any{"user_name": "julie.lewis", "sys_class_name": "customer_contact"}, contact,
		"account is a customer_contact column, not a sys_user one")

	viaTask := resultOne(t, f.do(restReq{method: http.MethodPatch, path: "/api/now/table/task/" + inc101ID,
		body: map[string]string{"work_notes": "Called back", "caller_id": julieID, "short_description": "Laptop will not start (called)"}}), http.StatusOK)
	assert.NotContains(t, viaTask, "caller_id", "read through task, an incident shows task's columns only")
	inc := resultOne(t, f.get("/api/now/table/incident/"+inc101ID+"?sysparm_fields=work_notes,sys_updated_by,caller_id,short_description&sysparm_exclude_reference_link=true"), http.StatusOK)
	assert.Equal(t, map[string]any{"work_notes": "", "sys_updated_by": "vcc.integration", "caller_id": davidID, "short_description": "Laptop will not start (called)"}, inc,
		"written through task: caller_id is not a task column and is dropped; the note is a journal entry")
	notes := resultList(t, f.get("/api/now/table/sys_journal_field?sysparm_query=element_id="+inc101ID+"^element=work_notes&sysparm_fields=name,value"))
	assert.Equal(t, []map[string]any{{"name": "incident", "value": "Called back"}}, notes)
}

func TestTablePasswordsNeverReturned(t *testing.T) {
	f := newRESTFixture(t)
	for _, path := range []string{
		"/api/now/table/sys_user",
		"/api/now/table/sys_user?sysparm_fields=user_name,user_password",
		"/api/now/table/sys_user?sysparm_display_value=all",
	} {
		rec := f.do(restReq{path: path, user: "admin", pass: "admin"})
		require.Equal(t, http.StatusOK, rec.Code)
		assert.NotContains(t, rec.Body.String(), "user_password", path)
	}
	rec := f.do(restReq{path: "/api/now/table/oauth_entity", user: "admin", pass: "admin"})
	assert.Contains(t, rec.Body.String(), "vcc-bridge")
	assert.NotContains(t, rec.Body.String(), "client_secret")
	assert.NotContains(t, rec.Body.String(), "bridge-secret")
}

func TestTableHead(t *testing.T) {
	f := newRESTFixture(t)
	rec := f.do(restReq{method: http.MethodHead, path: "/api/now/table/incident"})
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "8", rec.Header().Get("X-Total-Count"))
	assert.Empty(t, rec.Body.String())
}
