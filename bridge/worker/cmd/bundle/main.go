//go:build !js

// Command bundle builds the bridge's Cloudflare Worker into a folder
// (./build.sh: .build/worker) and prints its size against the Workers plans'
// limits. wrangler.jsonc deploys that folder.
//
//	go run ./bridge/worker/cmd/bundle -o .build/worker
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"

	"github.com/vccnow/connector/bridge/devstack"
	"github.com/vccnow/connector/bridge/worker"
)

func main() {
	log.SetFlags(0)
	out := flag.String("o", ".build/worker", "folder to write the bundle into (emptied first)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root, err := devstack.FindRoot()
	if err != nil {
		log.Fatal(err)
	}
	if err := worker.Build(ctx, root, *out); err != nil {
		log.Fatal(err)
	}
	size, err := worker.Measure(*out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Worker bundle in %s: %s\n", *out, size)
}
