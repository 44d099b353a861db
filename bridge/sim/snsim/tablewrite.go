package snsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// Table API writes (api-reference/rest-apis/c_TableAPI.md). A body is one
// JSON object of field names and values (a JSON array: its first object, as
// the Table API takes one record per request). Values should be strings;
// numbers and booleans are stored as their text, null as "", and an object
// with a "value" member (a reference as the Table API renders it) as that
// value. The write rules (tablewrite_rules.go) then apply: columns the table
// does not have and system fields other than sys_id are dropped silently,
// journal fields become journal entries, defaults and calculated columns are
// filled.

// maxRecordBody bounds a write's body.
const maxRecordBody = 1 << 20

func (s *Server) tableCreate(w http.ResponseWriter, r *http.Request, c *tableCall) error {
	if err := s.checkACL(c.user, c.table, aclCreate); err != nil {
		return err
	}
	rec, err := c.readRecord(r)
	if err != nil {
		return err
	}
	if id := rec["sys_id"]; id != "" {
		if _, _, err := c.view.get(c.table, id); err == nil {
			return &apiError{http.StatusForbidden, "Operation Failed", "a " + c.table + " record with sys_id " + id + " already exists: leave sys_id out to get a new one"}
		}
	}
	created, err := s.insertRecord(c.table, rec, c.user)
	if err != nil {
		return err
	}
	w.Header().Set("Location", c.base+c.prefix+c.table+"/"+created["sys_id"])
	return c.answerWrite(w, r, http.StatusCreated, created)
}

func (s *Server) tableUpdate(w http.ResponseWriter, r *http.Request, c *tableCall) error {
	_, class, err := s.existing(c, aclUpdate)
	if err != nil {
		return err
	}
	changes, err := c.readRecord(r)
	if err != nil {
		return err
	}
	updated, err := s.updateRecord(c.table, class, c.sysID, changes, c.user)
	if err != nil {
		return err
	}
	return c.answerWrite(w, r, http.StatusOK, updated)
}

func (s *Server) tableDelete(w http.ResponseWriter, c *tableCall) error {
	_, class, err := s.existing(c, aclDelete)
	if err != nil {
		return err
	}
	if err := s.DB.Delete(class, c.sysID, c.user["user_name"]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// answerWrite renders a written record, or only the status when the
// request asked for no body (X-no-response-body: true).
func (c *tableCall) answerWrite(w http.ResponseWriter, r *http.Request, status int, rec Record) error {
	if isTrue(r.Header.Get("X-no-response-body")) {
		w.WriteHeader(status)
		return nil
	}
	c.view.load(c.table, c.p.fields)
	writeResult(w, status, c.renderer().record(rec))
	return nil
}

// readRecord reads a write's body into a record, ready to store.
func (c *tableCall) readRecord(r *http.Request) (Record, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return nil, &apiError{http.StatusUnsupportedMediaType, "Unsupported Media Type",
				"send the record as JSON with Content-Type: application/json (got " + ct + ")"}
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRecordBody+1))
	if err != nil {
		return nil, badRequest("Invalid request body", err.Error())
	}
	if len(body) > maxRecordBody {
		return nil, badRequest("Request body too large", "send one record of at most 1 MiB")
	}
	fields, err := decodeRecord(body)
	if err != nil {
		return nil, badRequest("Exception while reading request", err.Error())
	}
	if c.p.inputDisplay {
		c.fromDisplayValues(fields)
	}
	return fields, nil
}

// decodeRecord parses a JSON object (or the first object of an array) of
// field values into a record.
func decodeRecord(body []byte) (Record, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return Record{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not valid JSON: %w", err)
	}
	if list, ok := v.([]any); ok && len(list) > 0 {
		v = list[0]
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the body must be a JSON object of field names and values")
	}
	return textRecord(obj)
}

// fieldText turns a JSON value into the string the field stores.
func fieldText(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case map[string]any:
		if inner, ok := x["value"]; ok {
			return fieldText(inner)
		}
	}
	return "", errors.New("the value must be a string, a number, a boolean or null")
}

// fromDisplayValues replaces display values by stored values
// (sysparm_input_display_value): a reference given by its referenced
// record's display value gets that record's sys_id, a choice given by its
// label gets its value. Values that are neither stay as they are.
func (c *tableCall) fromDisplayValues(rec Record) {
	for k, v := range rec {
		def, ok := fieldOf(c.table, k)
		if !ok || v == "" {
			continue
		}
		if def.ref != "" {
			if _, _, err := c.view.get(def.ref, v); err != nil {
				if ids := c.view.idsByDisplay(def.ref, v); len(ids) > 0 {
					rec[k] = ids[0]
				}
			}
			continue
		}
		if value, ok := def.choiceValue(v); ok {
			rec[k] = value
		}
	}
}
