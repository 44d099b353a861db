package servicenow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
)

// An answer is what came back with a success status. ServiceNow documents
// success as JSON in an envelope: {"result": ...} for the Table, AWA and
// openframe APIs (api-reference/rest-apis/c_TableAPI.md, agent-api.md,
// awa-offer-work-api.md, openframe-api.md), and {"success": true, ...} for
// the Wrap Up API's segment endpoints, whose samples carry no "result"
// (api-reference/rest-apis/wrap-up-api.md). Anything else — an HTML page
// with 200 from a maintenance window or a sign-in proxy, JSON without its
// envelope — is an error, never success.

// answer is one HTTP answer with a success status.
type answer struct {
	method, path string
	status       int
	contentType  string
	body         []byte
}

func (a answer) fail(problem error, message, detail string) *Error {
	return &Error{Method: a.method, Path: a.path, Status: a.status, Problem: problem, Message: message, Detail: detail}
}

// object reads the body as a JSON object, or says what it is instead.
func (a answer) object() (map[string]json.RawMessage, *Error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(a.body, &obj); err != nil || obj == nil {
		return nil, a.fail(ErrNotJSON, "answered with "+describeBody(a.contentType, a.body)+" instead of the API's JSON",
			"the instance may be in maintenance, or a proxy or single sign-on page answered: try again later, and check the instance URL and credentials if it persists")
	}
	return obj, nil
}

// result decodes {"result": ...} into out (out may be nil: the envelope is
// checked all the same). A 204 without a body is success (Table API DELETE).
func (a answer) result(out any) error {
	if a.status == http.StatusNoContent && len(bytes.TrimSpace(a.body)) == 0 {
		return nil
	}
	obj, e := a.object()
	if e != nil {
		return e
	}
	raw, ok := obj["result"]
	if !ok || isNull(raw) {
		return a.fail(ErrNoResult, "answered JSON without a result", snippet(a.body))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return a.fail(ErrUnexpectedResult, "answered a result of another shape than documented", err.Error())
	}
	return nil
}

// outcome decodes an answer that reports success with a "success" flag,
// inside "result" (AWA Offer Work) or at the top (Wrap Up API), into out.
// "success": false is ErrNotDone with ServiceNow's message.
func (a answer) outcome(out any) error {
	obj, e := a.object()
	if e != nil {
		return e
	}
	holder := obj
	if raw, ok := obj["result"]; ok && !isNull(raw) {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) == nil && inner["success"] != nil {
			holder = inner
		}
	}
	var flag struct {
		Success *bool  `json:"success"`
		Message string `json:"message"`
	}
	whole, _ := json.Marshal(holder)
	if err := json.Unmarshal(whole, &flag); err != nil || flag.Success == nil {
		return a.fail(ErrNoResult, "answered JSON without its success flag", snippet(a.body))
	}
	if !*flag.Success {
		return a.fail(ErrNotDone, "reported a failure: "+firstNonEmpty(flag.Message, "no message"), "")
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(whole, out); err != nil {
		return a.fail(ErrUnexpectedResult, "answered a result of another shape than documented", err.Error())
	}
	return nil
}

// decodeError reads an error status's body: the standard envelope
// {"error":{"message","detail"}} (rest-api-explorer/c_RESTAPI.md), an
// AWA-style {"result":{"message"}}, a top-level "message", or a page.
func decodeError(method, path string, resp *http.Response, data []byte) error {
	e := &Error{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	var env struct {
		Error struct {
			Message string `json:"message"`
			Detail  any    `json:"detail"`
		} `json:"error"`
		Result struct {
			Message string `json:"message"`
		} `json:"result"`
		Message string `json:"message"`
	}
	switch err := json.Unmarshal(data, &env); {
	case err == nil && env.Error.Message != "":
		e.Message = env.Error.Message
		if d, ok := env.Error.Detail.(string); ok {
			e.Detail = d
		}
	case err == nil && firstNonEmpty(env.Result.Message, env.Message) != "":
		e.Message = firstNonEmpty(env.Result.Message, env.Message)
	case err == nil:
		e.Message, e.Detail = http.StatusText(resp.StatusCode), snippet(data)
	default:
		e.Message = http.StatusText(resp.StatusCode)
		e.Detail = describeBody(resp.Header.Get("Content-Type"), data)
	}
	return e
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// describeBody says what a body that is not JSON is: an HTML page with its
// title, an empty body, or the start of its text.
func describeBody(contentType string, b []byte) string {
	t := bytes.TrimSpace(b)
	switch {
	case len(t) == 0:
		return "an empty body"
	case strings.Contains(strings.ToLower(contentType), "html") || bytes.HasPrefix(t, []byte("<")):
		if m := titleRE.FindSubmatch(t); m != nil {
			return fmt.Sprintf("an HTML page titled %q", strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " "))
		}
		return "an HTML page"
	}
	return fmt.Sprintf("%q", snippet(b))
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func snippet(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return strings.TrimSpace(string(b))
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
