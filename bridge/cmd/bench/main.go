//go:build !js

// Command bench measures the product against the quality bars of the design
// and prints them side by side with their targets, then writes the same rows
// as JSON. Timings are medians of repeated runs on this machine.
//
//	./build.sh bench                 # or: go run ./bridge/cmd/bench -out .build/bench.json
//	go run ./bridge/cmd/bench -runs 20 -only cold
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vccnow/connector/bridge/devstack"
)

// Row is one measured figure beside its target.
type Row struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"`
	// Met is nil for figures without a bar.
	Met     *bool  `json:"met,omitempty"`
	Samples int    `json:"samples,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Report is what bench writes.
type Report struct {
	Time    time.Time `json:"time"`
	GoOS    string    `json:"goos"`
	GoArch  string    `json:"goarch"`
	CPUs    int       `json:"cpus"`
	Rows    []Row     `json:"rows"`
	Failed  []string  `json:"failed,omitempty"`
	Seconds float64   `json:"seconds"`
}

// suite is one group of measurements.
type suite struct {
	name string
	run  func(cfg config) ([]Row, error)
}

type config struct {
	root string
	runs int
	log  *log.Logger
}

var suites = []suite{
	{"size", measureSizes},
	{"cold", measureColdStart},
	{"calls", measureCalls},
	{"reload", measureReloads},
	{"tabs", measureLeaderClose},
	{"worker", measureWorker},
	{"load", measureLoad},
}

func main() {
	log.SetFlags(log.Ltime)
	out := flag.String("out", "", "write the report as JSON to this file")
	runs := flag.Int("runs", 10, "repetitions of each timing (the median is reported)")
	only := flag.String("only", "", "comma-separated suites to run ("+suiteNames()+")")
	flag.Parse()
	root, err := devstack.FindRoot()
	if err != nil {
		log.Fatal(err)
	}
	cfg := config{root: root, runs: *runs, log: log.Default()}
	start := time.Now()
	rep := Report{Time: start.UTC(), GoOS: runtime.GOOS, GoArch: runtime.GOARCH, CPUs: runtime.NumCPU()}
	for _, s := range suites {
		if *only != "" && !contains(strings.Split(*only, ","), s.name) {
			continue
		}
		log.Printf("measuring %s", s.name)
		rows, err := s.run(cfg)
		rep.Rows = append(rep.Rows, rows...)
		if err != nil {
			log.Printf("%s: %v", s.name, err)
			rep.Failed = append(rep.Failed, s.name+": "+err.Error())
		}
	}
	rep.Seconds = time.Since(start).Seconds()
	printTable(os.Stdout, rep)
	if *out != "" {
		if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
			log.Fatal(err)
		}
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("\nwrote %s\n", *out)
	}
	if len(rep.Failed) > 0 {
		os.Exit(1)
	}
}

func printTable(w *os.File, rep Report) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nmeasure\tvalue\ttarget\tmet\tnote\n")
	fmt.Fprintf(tw, "-------\t-----\t------\t---\t----\n")
	for _, r := range rep.Rows {
		met := ""
		if r.Met != nil {
			met = "no"
			if *r.Met {
				met = "yes"
			}
		}
		note := r.Note
		if r.Samples > 0 {
			note = strings.TrimSpace(fmt.Sprintf("median of %d %s", r.Samples, note))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, format(r.Value, r.Unit), r.Target, met, note)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d CPUs, %s/%s, %.0f s\n", rep.CPUs, rep.GoOS, rep.GoArch, rep.Seconds)
	for _, f := range rep.Failed {
		fmt.Fprintf(w, "FAILED %s\n", f)
	}
}

func format(v float64, unit string) string {
	switch unit {
	case "bytes":
		return fmt.Sprintf("%.2f MB (%d B)", v/1e6, int64(v))
	case "ms":
		if v < 10 {
			return fmt.Sprintf("%.1f ms", v)
		}
		return fmt.Sprintf("%.0f ms", v)
	}
	return fmt.Sprintf("%g %s", v, unit)
}

func bar(ok bool) *bool { return &ok }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if strings.TrimSpace(v) == x {
			return true
		}
	}
	return false
}

func suiteNames() string {
	var n []string
	for _, s := range suites {
		n = append(n, s.name)
	}
	return strings.Join(n, ",")
}
