package snsim

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
)

// Signing in to the Agent Workspace stand-in, as a browser signs in to an
// instance: the sign-in page /login.do (a form with user_name and password)
// starts a UI session kept in a session cookie, and later page loads use
// that cookie. A demo agent may skip the form with ?user=<user_name> on the
// workspace URL, which signs them in the same way. Either way the page then
// gets its own X-UserToken (g_ck) for its API calls, as on an instance.
//
//	GET  /login.do     the sign-in page (?sysparm_goto_url=<path on this instance>)
//	POST /login.do     user_name, password[, sysparm_goto_url] → 303 to the
//	                   workspace (or the path) with the session cookie; 401
//	                   and the page again with "User name or password invalid"
//	GET  /logout.do    ends the session → 303 to /login.do
//
// The cookie is named as ServiceNow's session cookie, JSESSIONID; it is
// HttpOnly, SameSite=Lax, host-only (the instance's origin) and Secure when
// the instance is served over TLS. Any active user with a password may sign
// in with the form; ?user= signs in demo agents only: users granted awa_agent
// in sys_user_has_role (admin's every-role pass does not count). Sessions
// last until sign-out or DELETE /sim/tokens.

// sessionCookie is the name of the UI session cookie.
const sessionCookie = "JSESSIONID"

// workspacePath is the Agent Workspace page, where sign-in leads by default.
const workspacePath = "/now/workspace/agent"

// signInMessage is ServiceNow's answer to wrong credentials.
const signInMessage = "User name or password invalid"

func (s *Server) signInRoutes() {
	s.mux.HandleFunc("GET /login.do", s.serveSignInPage)
	s.mux.HandleFunc("POST /login.do", s.serveSignIn)
	s.mux.HandleFunc("GET /logout.do", s.serveSignOut)
}

// serveSignInPage shows the sign-in form.
func (s *Server) serveSignInPage(w http.ResponseWriter, r *http.Request) {
	s.renderSignIn(w, http.StatusOK, "", "", gotoPath(r.URL.Query().Get("sysparm_goto_url")))
}

// serveSignIn checks the form's credentials and starts a session.
func (s *Server) serveSignIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderSignIn(w, http.StatusBadRequest, "", "The sign-in form could not be read; reload the page and try again.", workspacePath)
		return
	}
	name, next := strings.TrimSpace(r.PostForm.Get("user_name")), gotoPath(r.PostForm.Get("sysparm_goto_url"))
	u, ok := s.checkPassword(name, r.PostForm.Get("password"))
	if !ok {
		s.renderSignIn(w, http.StatusUnauthorized, name, signInMessage, next)
		return
	}
	s.startSession(w, r, u)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// serveSignOut ends the browser's session.
func (s *Server) serveSignOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.tokens.endCookieSession(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login.do", http.StatusSeeOther)
}

// startSession signs the browser in as u: a new session in a cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u Record) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.tokens.startCookieSession(u["sys_id"]), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
}

// workspaceUser finds who loads the workspace page: a demo agent named by
// ?user= (signed in by this load), else the session cookie's user. It
// answers the request itself when there is neither: 401 for a ?user= that
// is not a demo agent, a redirect to the sign-in page otherwise.
func (s *Server) workspaceUser(w http.ResponseWriter, r *http.Request) (Record, bool) {
	if name := r.URL.Query().Get("user"); name != "" {
		u, ok := s.user(name)
		if !ok || !activeUser(u) || !s.userRoles(u["sys_id"])["awa_agent"] {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("?user=" + name + " is not a demo agent. Sign in at /login.do, or open " + workspacePath +
				"?user=<user_name> with an active agent from the seed (for example beth.anglin).\n"))
			return nil, false
		}
		s.startSession(w, r, u)
		return u, true
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if id, ok := s.tokens.cookieSession(c.Value); ok {
			if u, err := s.DB.Get("sys_user", id); err == nil && activeUser(u) {
				return u, true
			}
		}
	}
	http.Redirect(w, r, "/login.do?sysparm_goto_url="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	return nil, false
}

// renderSignIn writes the sign-in page with an optional error.
func (s *Server) renderSignIn(w http.ResponseWriter, status int, userName, problem, next string) {
	var b bytes.Buffer
	if err := s.signIn.Execute(&b, map[string]string{"UserName": userName, "Error": problem, "Goto": next}); err != nil {
		http.Error(w, "render the sign-in page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// gotoPath is where to go after signing in: a path on this instance, the
// workspace when it is empty or points elsewhere.
func gotoPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return workspacePath
	}
	return p
}
