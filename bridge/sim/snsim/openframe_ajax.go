package snsim

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
)

// serveOpenFrameAjax is POST /sn_openframe_openFrameAjaxProcessor.do, the
// OpenFrameAjaxUtility script include the TopFrame calls (seen in public
// copies of ServiceNow's TopFrame;
// customer-service-management/r_InstalledWithOpenFrame.md names the
// script include), authenticated by the workspace session (X-UserToken).
// The request is GlideAjax's: form-encoded
// sysparm_processor=OpenFrameAjaxUtility and sysparm_name=<method>, plus
// the method's parameters. The answer is GlideAjax's XML, <xml
// sysparm_name="..." answer="..."/>, with a JSON string in answer. Methods:
//
//	getOpenFrameConfiguration                 the sn_openframe_configuration in use
//	getUserPreference    sysparm_pref_name    the user's sys_user_preference value
//	setUserPreference    sysparm_pref_name, sysparm_pref_value
//
// Nothing here changes AWA presence: setPresenceIndicator only paints
// (topframe.js). The parameter names are the simulator's choice
// (ServiceNow does not publish them). Errors answer 400 with <xml
// error="..."/>.
func (s *Server) serveOpenFrameAjax(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authUser(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		writeAjaxError(w, "", "the request must be form-encoded: "+err.Error())
		return
	}
	name := r.PostForm.Get("sysparm_name")
	if p := r.PostForm.Get("sysparm_processor"); p != "OpenFrameAjaxUtility" {
		writeAjaxError(w, name, "unknown sysparm_processor "+p+": this processor serves OpenFrameAjaxUtility")
		return
	}
	var answer any
	switch name {
	case "getOpenFrameConfiguration":
		answer = s.openFrameConfig()
	case "getUserPreference":
		answer = s.userPreference(user["sys_id"], r.PostForm.Get("sysparm_pref_name"))
	case "setUserPreference":
		pref := r.PostForm.Get("sysparm_pref_name")
		if pref == "" {
			writeAjaxError(w, name, "sysparm_pref_name is empty: name the preference to set")
			return
		}
		if err := s.setUserPreference(user, pref, r.PostForm.Get("sysparm_pref_value")); err != nil {
			writeAjaxError(w, name, err.Error())
			return
		}
		answer = true
	default:
		writeAjaxError(w, name, "OpenFrameAjaxUtility has no method "+name+": use getOpenFrameConfiguration, getUserPreference or setUserPreference")
		return
	}
	b, err := json.Marshal(answer)
	if err != nil {
		writeAjaxError(w, name, err.Error())
		return
	}
	writeAjax(w, http.StatusOK, ajaxAnswer{Processor: "OpenFrameAjaxUtility", Name: name, Answer: string(b)})
}

// ajaxAnswer is GlideAjax's response document.
type ajaxAnswer struct {
	XMLName   xml.Name `xml:"xml"`
	Processor string   `xml:"sysparm_processor,attr,omitempty"`
	Name      string   `xml:"sysparm_name,attr,omitempty"`
	Answer    string   `xml:"answer,attr,omitempty"`
	Error     string   `xml:"error,attr,omitempty"`
}

func writeAjax(w http.ResponseWriter, status int, a ajaxAnswer) {
	b, _ := xml.Marshal(a) // a struct of strings always encodes
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(append([]byte(xml.Header), b...))
}

func writeAjaxError(w http.ResponseWriter, name, msg string) {
	writeAjax(w, http.StatusBadRequest, ajaxAnswer{Name: name, Error: msg})
}

// tUserPreference holds user preferences (user, name, value), such as
// OpenFrame's openframe_user_frame_position.
const tUserPreference = "sys_user_preference"

func (s *Server) userPreference(user, name string) string {
	rows, _ := s.DB.Find(tUserPreference, func(r Record) bool { return r["user"] == user && r["name"] == name })
	if len(rows) == 0 {
		return ""
	}
	return rows[0]["value"]
}

func (s *Server) setUserPreference(user Record, name, value string) error {
	rows, _ := s.DB.Find(tUserPreference, func(r Record) bool { return r["user"] == user["sys_id"] && r["name"] == name })
	if len(rows) == 0 {
		_, err := s.DB.Insert(tUserPreference, Record{"user": user["sys_id"], "name": name, "value": value}, user["user_name"])
		return err
	}
	_, err := s.DB.Update(tUserPreference, rows[0]["sys_id"], Record{"value": value}, user["user_name"])
	return err
}
