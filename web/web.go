// Package web holds what the browser loads for the connector panel: the page,
// its stylesheet and loader, Go's wasm_exec.js and the built connector.wasm
// with its precompressed .br and .gz copies. Everything is embedded, so one
// binary serves it, and Assets picks the best encoding the browser accepts.
//
// The built files live in dist/ and are produced by ./build.sh; until then
// dist/ holds only a placeholder and the page reports that the connector has
// not been built.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static all:dist
var files embed.FS

// Static is the hand-written part of the panel: index.html (a template),
// style.css and loader.js; and the sign-in's redirect page, callback.html (a
// template the bridge serves at /signin/callback) with its callback.js.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Dist is the build output: connector.wasm, wasm_exec.js and their .br and
// .gz copies.
func Dist() fs.FS {
	sub, err := fs.Sub(files, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}
