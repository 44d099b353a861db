//go:build !js

package e2e

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// What a screen reader gets from the panel, and what an agent sees in a
// narrow panel: the browser's accessibility tree, colours as the browser
// computed them, and the layout at a given width.

// AXNode is one node of the panel's accessibility tree as a screen reader
// gets it: its role, accessible name and properties (live, pressed, ...).
type AXNode struct {
	Role, Name string
	Props      map[string]string
}

// AXTree is the panel's accessibility tree, the nodes the browser does not
// ignore, in document order.
func (p *Panel) AXTree() []AXNode {
	tb := p.ws.env.tb
	tb.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	res, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		tb.Fatalf("%s's panel: accessibility tree: %v", p.ws.User, err)
	}
	var out []AXNode
	for _, n := range res.Nodes {
		if n.Ignored {
			continue
		}
		ax := AXNode{Role: axString(n.Role), Name: axString(n.Name), Props: map[string]string{}}
		for _, pr := range n.Properties {
			ax.Props[string(pr.Name)] = axString(pr.Value)
		}
		out = append(out, ax)
	}
	return out
}

func axString(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		return ""
	}
	s := string(v.Value)
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// AXFind is the first node of role whose name starts with name.
func AXFind(tree []AXNode, role, name string) (AXNode, bool) {
	for _, n := range tree {
		if n.Role == role && strings.HasPrefix(n.Name, name) {
			return n, true
		}
	}
	return AXNode{}, false
}

// LiveRegion is an element the panel announces through.
type LiveRegion struct {
	TestID, Role, Live, Text string
}

// LiveRegions are the panel's elements with an explicit aria-live: the
// announcers (alerts and statuses of single messages are not among them).
func (p *Panel) LiveRegions() []LiveRegion {
	p.ws.env.tb.Helper()
	var out []LiveRegion
	raw := Eval[[][]string](p.ws.env.tb, p.ctx, `[...document.querySelectorAll('[aria-live]')].map(e => [e.dataset.testid || e.id || "", e.getAttribute("role") || "", e.getAttribute("aria-live"), e.textContent])`)
	for _, r := range raw {
		out = append(out, LiveRegion{TestID: r[0], Role: r[1], Live: r[2], Text: r[3]})
	}
	return out
}

// Contrast is the contrast ratio (WCAG 2.x) between two CSS colours as the
// browser computes them ("rgb(r, g, b)" or "rgba(r, g, b, a)"; a colour with
// alpha is taken over white, the panel's background).
func Contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05), nil
}

func luminance(css string) (float64, error) {
	s := strings.TrimSpace(css)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return 0, fmt.Errorf("colour %q is not rgb()", css)
	}
	parts := strings.FieldsFunc(s[open+1:end], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(parts) < 3 {
		return 0, fmt.Errorf("colour %q is not rgb()", css)
	}
	alpha := 1.0
	if len(parts) > 3 {
		a, err := strconv.ParseFloat(parts[3], 64)
		if err != nil {
			return 0, fmt.Errorf("colour %q: %w", css, err)
		}
		alpha = a
	}
	var ch [3]float64
	for i := range ch {
		v, err := strconv.ParseFloat(parts[i], 64)
		if err != nil {
			return 0, fmt.Errorf("colour %q: %w", css, err)
		}
		v = (v*alpha + 255*(1-alpha)) / 255
		if v <= 0.03928 {
			ch[i] = v / 12.92
		} else {
			ch[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2], nil
}

// Style is a computed style property of the panel's element with this
// data-testid.
func (p *Panel) Style(testID, property string) string {
	p.ws.env.tb.Helper()
	return Eval[string](p.ws.env.tb, p.ctx, fmt.Sprintf(`getComputedStyle(document.querySelector('[data-testid=%q]')).getPropertyValue(%q)`, testID, property))
}

// FocusRing is the outline the focused element shows while focus is
// visible (after the keyboard moved it): colour and width; "" when focus is
// not visible.
func (p *Panel) FocusRing() (color, width string) {
	p.ws.env.tb.Helper()
	v := Eval[[]string](p.ws.env.tb, p.ctx, `(e => e && e.matches(":focus-visible") ? [getComputedStyle(e).outlineColor, getComputedStyle(e).outlineWidth, getComputedStyle(e).outlineStyle] : ["", "", ""])(document.activeElement)`)
	if v[2] == "none" {
		return "", ""
	}
	return v[0], v[1]
}

// SetPanelWidth makes the workspace's OpenFrame panel px pixels wide, as a
// workspace with a narrow phone pane does; 0 gives it its own width back.
func (w *Workspace) SetPanelWidth(px int) {
	w.env.tb.Helper()
	style := `f.removeAttribute("style")`
	if px > 0 {
		style = fmt.Sprintf(`f.style.width = "%dpx"; f.style.minWidth = "0"; f.style.maxWidth = "none"; f.style.flex = "none"`, px)
	}
	Eval[bool](w.env.tb, w.ctx, `(f => { `+style+`; return true; })(document.getElementById("openframe"))`)
}

// LayoutProblems lists what an agent cannot read or reach in the panel as
// it is laid out now: horizontal scrolling, text cut short (an ellipsis or
// clipped overflow), a control's short label broken over lines, and anything
// reaching past the panel's right edge. Empty when the panel is usable.
func (p *Panel) LayoutProblems() []string {
	p.ws.env.tb.Helper()
	return Eval[[]string](p.ws.env.tb, p.ctx, layoutProblemsJS)
}

// layoutProblemsJS looks at every visible element of the panel. A label on
// one line has one client rect per text node; an element cuts its text
// short when it clips overflow (or ends it with an ellipsis) and its content
// is wider than its box.
const layoutProblemsJS = `(() => {
  const out = [];
  const doc = document.documentElement;
  const width = doc.clientWidth;
  if (doc.scrollWidth > width + 1) out.push("the panel scrolls sideways: " + doc.scrollWidth + " px of content in " + width + " px");
  const name = (e) => (e.dataset && e.dataset.testid) || e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "");
  for (const e of document.querySelectorAll("#app *")) {
    if (e.closest(".sr-only") || e.closest("details:not([open]) > :not(summary)")) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const cs = getComputedStyle(e);
    if (r.right > width + 1) out.push(name(e) + " reaches past the panel's edge (" + Math.round(r.right) + " > " + width + ")");
    const clips = cs.overflowX === "hidden" || cs.overflowX === "clip" || cs.textOverflow === "ellipsis";
    if (clips && e.scrollWidth > e.clientWidth + 1) out.push(name(e) + " is cut short: " + JSON.stringify(e.textContent.trim()));
    if (e.tagName === "BUTTON" || e.tagName === "SUMMARY") {
      for (const t of e.childNodes) {
        // A short label (Hang up, Use this panel) must stay whole; a long
        // one (a record's title on its link) wraps as any text does.
        if (t.nodeType !== Node.TEXT_NODE || !t.textContent.trim() || t.textContent.trim().length > 24) continue;
        const range = document.createRange();
        range.selectNodeContents(t);
        const lines = new Set([...range.getClientRects()].map((q) => Math.round(q.top)));
        if (lines.size > 1) out.push(name(e) + " label breaks over " + lines.size + " lines: " + JSON.stringify(t.textContent.trim()));
      }
    }
  }
  return out;
})()`
