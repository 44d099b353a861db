//go:build !js

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// wasmBrotliBar is the design's bar for the connector download, with
// dom/v2 as its DOM layer.
const wasmBrotliBar = 1.10e6

// measureSizes reads the built connector.wasm and its precompressed copies.
func measureSizes(cfg config) ([]Row, error) {
	dist := filepath.Join(cfg.root, "web", "dist")
	var rows []Row
	for _, f := range []struct{ name, file string }{
		{"connector.wasm, raw", "connector.wasm"},
		{"connector.wasm, gzip -9", "connector.wasm.gz"},
		{"connector.wasm, brotli -q 11", "connector.wasm.br"},
	} {
		st, err := os.Stat(filepath.Join(dist, f.file))
		if err != nil {
			return rows, fmt.Errorf("%s: %w (build first: ./build.sh)", f.file, err)
		}
		r := Row{Name: f.name, Value: float64(st.Size()), Unit: "bytes"}
		if f.file == "connector.wasm.br" {
			r.Target = "≤ 1.10 MB"
			r.Met = bar(float64(st.Size()) <= wasmBrotliBar)
		}
		rows = append(rows, r)
	}
	return rows, nil
}
