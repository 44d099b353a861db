package snsim

import (
	"net/http"
	"strings"
)

// Wrap-up codes (interaction_wrap_up_code: code, description, order,
// active, external) and the Wrap Up API's code endpoints
// (api-reference/rest-apis/wrap-up-api.md):
//
//	GET  /api/now/wrapup/code/{code_id}  {"result":{"success","message","result_map":{"wrap_up_code":{…}}}}
//	POST /api/now/wrapup/code            {"codes":[{"code","description","active","translations":[…]}]}
//	                                     → {"result":{"success","message","result_map":{"created_wrap_up_codes":[…]}}}
//
// POST creates a code, or updates the code with the same label; codes it
// creates are external (as the page's sample shows). Translations are
// checked but not kept: the simulated users read English, so a code's
// translated_code and translated_description are its own.

// tWrapUpCode holds the wrap-up codes agents choose from; the seed's match
// VCC's disposition codes, so the code an agent picks on either side means
// the same on the other.
const tWrapUpCode = "interaction_wrap_up_code"

// wrapUpCodeJSON is a code as the Wrap Up API shows it.
type wrapUpCodeJSON struct {
	Code                  string `json:"code"`
	Description           string `json:"description"`
	Active                bool   `json:"active"`
	External              bool   `json:"external"`
	SysID                 string `json:"sys_id"`
	TranslatedCode        string `json:"translated_code"`
	TranslatedDescription string `json:"translated_description"`
}

func codeJSON(r Record) wrapUpCodeJSON {
	return wrapUpCodeJSON{
		Code: r["code"], Description: r["description"], Active: activeRecord(r), External: flagSet(r["external"]),
		SysID: r["sys_id"], TranslatedCode: r["code"], TranslatedDescription: r["description"],
	}
}

// wrapUpCodes lists the active wrap-up codes' labels in their order.
func (s *Server) wrapUpCodes() []string {
	rows, _ := s.DB.Find(tWrapUpCode, activeRecord)
	sortByOrderField(rows)
	codes := []string{}
	for _, r := range rows {
		if c := strings.TrimSpace(r["code"]); c != "" {
			codes = append(codes, c)
		}
	}
	return codes
}

// codeNamed finds the wrap-up code with a label; nil if none.
func (s *Server) codeNamed(label string) Record {
	r, err := s.DB.FindOne(tWrapUpCode, func(r Record) bool { return r["code"] == label })
	if err != nil {
		return nil
	}
	return r
}

// serveWrapUpCode is GET /api/now/wrapup/code/{code_id}.
func (s *Server) serveWrapUpCode(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("code_id")
	code, err := s.DB.Get(tWrapUpCode, id)
	if err != nil {
		writeWrapUpResult(w, http.StatusOK, false, "Wrap up code "+id+" was not found.", nil)
		return
	}
	writeWrapUpResult(w, http.StatusOK, true, "Wrap up code found.", map[string]any{"wrap_up_code": codeJSON(code)})
}

// codeInput is one entry of POST /api/now/wrapup/code.
type codeInput struct {
	Active       *bool  `json:"active"`
	Code         string `json:"code"`
	Description  string `json:"description"`
	Translations []struct {
		Code        string `json:"code"`
		Description string `json:"description"`
		Language    string `json:"language"`
	} `json:"translations"`
}

// check says what is wrong with a code entry, "" if nothing.
func (c codeInput) check() string {
	if strings.TrimSpace(c.Code) == "" {
		return "codes.code is required"
	}
	for _, t := range c.Translations {
		switch {
		case strings.TrimSpace(t.Code) == "" || strings.TrimSpace(t.Language) == "":
			return c.Code + ": a translation needs code and language"
		case c.Description != "" && strings.TrimSpace(t.Description) == "":
			return c.Code + ": a translation needs a description when the code has one"
		}
	}
	return ""
}

// serveCreateWrapUpCodes is POST /api/now/wrapup/code: 200 when every code
// was created or updated, 207 when some were refused, 400 when none was.
func (s *Server) serveCreateWrapUpCodes(w http.ResponseWriter, r *http.Request, user Record) {
	var body struct {
		Codes []codeInput `json:"codes"`
	}
	if !decodeWrapUpBody(w, r, &body, true) {
		return
	}
	if len(body.Codes) == 0 {
		writeWrapUpResult(w, http.StatusBadRequest, false, "codes is required: an array of wrap-up codes", nil)
		return
	}
	created := []wrapUpCodeJSON{}
	var problems []string
	for _, c := range body.Codes {
		if p := c.check(); p != "" {
			problems = append(problems, p)
			continue
		}
		rec, err := s.saveWrapUpCode(c, user["user_name"])
		if err != nil {
			problems = append(problems, c.Code+": "+err.Error())
			continue
		}
		created = append(created, codeJSON(rec))
	}
	result := map[string]any{"created_wrap_up_codes": created}
	switch {
	case len(problems) == 0:
		writeWrapUpResult(w, http.StatusOK, true, "All wrap up codes created successfully.", result)
	case len(created) == 0:
		writeWrapUpResult(w, http.StatusBadRequest, false, "No wrap up code was created: "+strings.Join(problems, "; "), result)
	default:
		writeWrapUpResult(w, http.StatusMultiStatus, true, "Some wrap up codes were not created: "+strings.Join(problems, "; "), result)
	}
}

// saveWrapUpCode creates the code, or updates the one with its label.
func (s *Server) saveWrapUpCode(c codeInput, by string) (Record, error) {
	fields := Record{"code": strings.TrimSpace(c.Code), "description": c.Description, "active": "true"}
	if c.Active != nil {
		fields["active"] = flagString(*c.Active)
	}
	if old := s.codeNamed(fields["code"]); old != nil {
		return s.DB.Update(tWrapUpCode, old["sys_id"], fields, by)
	}
	fields["external"] = "true"
	return s.DB.Insert(tWrapUpCode, fields, by)
}
