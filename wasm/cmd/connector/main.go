//go:build js && wasm

// Command connector is the agent's panel: the Go core compiled to WebAssembly
// and wired to the browser. It only wires; behaviour lives in package cti.
package main

import (
	"context"
	"encoding/json"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/vccnow/connector/wasm/api"
	"github.com/vccnow/connector/wasm/cti"
	"github.com/vccnow/connector/wasm/jsutil"
	"github.com/vccnow/connector/wasm/openframe"
	"github.com/vccnow/connector/wasm/softphone"
	"github.com/vccnow/connector/wasm/tabs"
	"github.com/vccnow/connector/wasm/ui"
	"github.com/vccnow/connector/wasm/vcc"
	"github.com/vccnow/connector/wasm/vccphone"
)

func main() {
	now := func() float64 { return js.Global().Get("performance").Call("now").Float() }
	start := now()
	win := dom.GetWindow()
	var cfg api.PanelConfig
	_ = json.Unmarshal([]byte(jsutil.ByID("connector-config").TextContent()), &cfg)

	var conn *cti.Connector
	post := func(in cti.Input) { conn.Post(in) }
	logger := cti.NewSupportLog(2000, func(level, line string) {
		if level == "error" || level == "warn" {
			js.Global().Get("console").Call("warn", line)
		}
	})
	var painter *ui.Painter
	painted := false
	app := jsutil.ByID("app")
	lastPaint := ""
	render := func(s cti.State) {
		painter.Render(cti.View(s, time.Now())...)
		keepPaint(app, s, &lastPaint)
		if _, restored := s.Timings["restored"]; restored && !painted {
			painted = true
			go post(cti.Mark{Name: "painted", Ms: now()})
		}
	}

	origin := win.Location().Origin()
	auth := &vcc.Auth{
		Issuer: cfg.VCCAuth, ClientID: cfg.VCCClientID, RedirectURI: origin + cfg.SignInCallback,
		Scope: "openid offline_access users:read users:write",
		Result: func(tok vcc.Token, err error, refreshed bool) {
			post(vccphone.SignInResult(tok, err, refreshed))
		},
	}
	auth.Discover()
	phone := vccphone.NewBrowser(vccphone.SignalingURL(cfg.VCCAPI), post, logger)
	bridge := &api.Client{Result: func(id string, status int, body []byte, err error) {
		post(cti.BridgeResult{ID: id, Status: status, Body: body, Err: err})
	}}
	media := softphone.NewMedia(post)
	host := openframe.Start(openframe.Callbacks{
		Ready: func(top, conf string, err error) { post(cti.HostReady{TopDomain: top, Config: conf, Err: err}) },
		Event: func(name string, payload []byte) { post(cti.HostEvent{Name: name, Payload: payload}) },
	}, 360, 600)

	id := clientID()
	// dom/v2's Window.Navigator is not implemented (it panics).
	browser := browserName(js.Global().Get("navigator").Get("userAgent").String())
	presence := cti.DefaultPresenceMap()
	if cfg.Presence != nil {
		if err := cfg.Presence.Check(); err != nil {
			logger.Log("warn", err.Error()+": the default mapping applies")
		} else {
			presence = cti.PresenceMap(*cfg.Presence)
		}
	}
	conn = cti.NewConnector(cti.Config{
		Instance: cfg.Instance, ClientID: id, Browser: browser, Stamp: now, Presence: presence, Dispositions: cfg.Dispositions,
	}, cti.Ports{
		Host: host, Auth: auth, Softphone: phone, Media: media, Bridge: bridge,
		Clock: cti.RealClock{Post: post}, Log: logger,
		Tabs: tabs.New(id, post), Snapshots: sessionSnapshots{},
	}, render)

	painter = ui.NewPainter(app, func(e ui.Event) {
		if e.Action == "download-log" {
			downloadLog(logger.Text())
			return
		}
		post(cti.UIAction{Action: e.Action, Value: e.Value})
	})
	expose(conn, logger)
	go tick(conn)

	conn.Handle(cti.Mark{Name: "wasmStart", Ms: start})
	if pre := js.Global().Get("__vccBoot").Get("prepainted"); pre.Type() == js.TypeNumber {
		conn.Handle(cti.Mark{Name: "painted", Ms: pre.Float()})
	}
	conn.Start() // ask for the tab lock first: a reloaded leader resumes sooner
	// A reload paints the last state before anything else happens.
	if snap := js.Global().Get("sessionStorage").Call("getItem", snapshotKey); snap.Type() == js.TypeString {
		conn.Handle(cti.Restore{Snapshot: []byte(snap.String()), Ms: now()})
	} else {
		render(conn.State())
	}
	conn.Post(cti.Mark{Name: "ready", Ms: now()})
	time.AfterFunc(10*time.Second, func() { releaseEarly(media) })
	logger.Log("info", "connector started in "+browser)
	conn.Run(context.Background())
}

// releaseEarly lets go of what the loader started for a resumption the core
// did not make (the tab no longer leads, or the snapshot was unusable): the
// microphone is released, the socket and the audio connection closed.
func releaseEarly(media *softphone.Media) {
	if mic := jsutil.TakeEarly("mic"); mic.Truthy() {
		var stop js.Func
		stop = js.FuncOf(func(_ js.Value, args []js.Value) any {
			tracks := args[0].Call("getTracks")
			for i := 0; i < tracks.Length(); i++ {
				tracks.Index(i).Call("stop")
			}
			stop.Release()
			return nil
		})
		mic.Call("then", stop)
	}
	if sock := jsutil.TakeEarly("socket"); sock.Truthy() {
		sock.Get("ws").Call("close", 1000, "not used")
	}
	media.DropEarly()
}

// paintKey keeps a copy of the panel's markup for the loader to show at once
// after a reload (only while signed in: a signed-out panel is quick anyway).
const paintKey = "vcc.paint"

func keepPaint(app *dom.BasicHTMLElement, s cti.State, last *string) {
	ss := js.Global().Get("sessionStorage")
	if !s.SignedIn {
		if *last != "" {
			ss.Call("removeItem", paintKey)
			*last = ""
		}
		return
	}
	html := app.InnerHTML()
	if html != *last {
		*last = html
		ss.Call("setItem", paintKey, html)
	}
}

// snapshotKey is where the tab keeps its snapshot; sessionStorage survives a
// reload of the tab (and of the panel alone) but not the tab's closing.
const snapshotKey = "vcc.snapshot"

type sessionSnapshots struct{}

func (sessionSnapshots) Save(b []byte) {
	js.Global().Get("sessionStorage").Call("setItem", snapshotKey, string(b))
}

// tick redraws once a second while a call is on, for its timer.
func tick(conn *cti.Connector) {
	for range time.Tick(time.Second) {
		if len(conn.State().Calls) > 0 {
			conn.Post(cti.Timer{Name: "tick"})
		}
	}
}

// clientID identifies this panel instance; it survives reloads of the tab.
func clientID() string {
	ss := js.Global().Get("sessionStorage")
	if id := ss.Call("getItem", "vcc.clientId"); id.Type() == js.TypeString {
		return id.String()
	}
	id := js.Global().Get("crypto").Call("randomUUID").String()
	ss.Call("setItem", "vcc.clientId", id)
	return id
}

// browserName names the browser and system of a user agent string for the
// support log and the take-over question ("Chrome 131 on Windows").
func browserName(ua string) string {
	name := "a browser"
	for _, b := range []string{"Edg/", "Firefox/", "Chrome/", "Safari/"} {
		if i := strings.Index(ua, b); i >= 0 {
			v := ua[i+len(b):]
			if j := strings.IndexAny(v, ". "); j > 0 {
				v = v[:j]
			}
			name = strings.TrimSuffix(strings.Replace(b, "Edg", "Edge", 1), "/") + " " + v
			break
		}
	}
	for _, os := range []string{"Windows", "Mac OS X", "Linux", "CrOS"} {
		if strings.Contains(ua, os) {
			return name + " on " + strings.Replace(strings.Replace(os, "Mac OS X", "macOS", 1), "CrOS", "ChromeOS", 1)
		}
	}
	return name
}

// expose publishes window.vccConnector, the read-only surface tests and
// support use: state() and log().
func expose(conn *cti.Connector, logger *cti.SupportLog) {
	api := js.Global().Get("Object").New()
	api.Set("state", js.FuncOf(func(js.Value, []js.Value) any { return jsutil.FromGo(conn.State()) }))
	api.Set("log", js.FuncOf(func(js.Value, []js.Value) any { return logger.Text() }))
	js.Global().Set("vccConnector", api)
}

// downloadLog saves the support log as a text file, through a link the
// page clicks (Blob and object URLs have no dom/v2 type).
func downloadLog(text string) {
	blob := js.Global().Get("Blob").New(js.ValueOf([]any{text}), map[string]any{"type": "text/plain"})
	url := js.Global().Get("URL").Call("createObjectURL", blob).String()
	a := jsutil.CreateElement("a")
	a.SetAttribute("href", url)
	a.SetAttribute("download", "vcc-connector-log-"+time.Now().UTC().Format("20060102-150405")+".txt")
	a.Click()
	js.Global().Get("URL").Call("revokeObjectURL", url)
}
