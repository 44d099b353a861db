//go:build !js

// Command devstack runs the whole product locally: the ServiceNow instance
// simulator with its Agent Workspace, the bridge serving the connector, and
// the VCC simulator, with the bridge's state in SQLite under the data folder.
//
//	go run ./bridge/cmd/devstack            # or ./build.sh run
//
// Ports and folders come from flags, or from the environment (VCCNOW_SN_PORT,
// VCCNOW_BRIDGE_PORT, VCCNOW_VCC_PORT, VCCNOW_DATA, VCCNOW_SEED).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/vccnow/connector/bridge/devstack"
)

func main() {
	log.SetFlags(log.Ltime)
	root, err := devstack.FindRoot()
	if err != nil {
		root = "."
	}
	var opt devstack.Options
	flag.IntVar(&opt.ServiceNowPort, "sn-port", envInt("VCCNOW_SN_PORT", 8701), "ServiceNow simulator and Agent Workspace port")
	flag.IntVar(&opt.BridgePort, "bridge-port", envInt("VCCNOW_BRIDGE_PORT", 8702), "bridge and connector port")
	flag.IntVar(&opt.VCCPort, "vcc-port", envInt("VCCNOW_VCC_PORT", 8703), "VCC simulator port")
	flag.StringVar(&opt.DataDir, "data", env("VCCNOW_DATA", filepath.Join(root, ".data")), "folder for the bridge's SQLite database")
	flag.StringVar(&opt.SeedDir, "seed", env("VCCNOW_SEED", filepath.Join(root, "testdata")), "folder of seed records")
	flag.StringVar(&opt.ServiceNowSeed, "sn-seed", env("VCCNOW_SN_SEED", "servicenow"),
		"the instance's seed, a folder of -seed: servicenow (the demo) or servicenow-empty (no OpenFrame or AWA records: try bridge setup on it)")
	flag.Parse()
	opt.Logger = log.Default()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := devstack.Start(ctx, opt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf(`
Vonage Contact Center for ServiceNow Voice — dev stack

  Agent Workspace   %[1]s/now/workspace/agent?user=beth.anglin
                    %[1]s/now/workspace/agent?user=abel.tuter
  Table API         %[1]s/api/now/table/interaction   (basic auth admin / admin)
  Connector, bridge %[2]s/
  VCC simulator     %[3]s   (caller console %[3]s/sim/console)
  Data              %[4]s

  Demo agents (VCC password "demo"): %[5]v
  Press Ctrl-C to stop.

`, st.ServiceNowURL, st.BridgeURL, st.VCCURL, opt.DataDir, devstack.DemoAgents)

	select {
	case <-ctx.Done():
	case err := <-st.Err():
		log.Printf("server stopped: %v", err)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := st.Close(shutdown); err != nil {
		log.Printf("stopping: %v", err)
	}
	log.Print("stopped")
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if v := os.Getenv(key); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		log.Fatalf("%s=%q is not a port number", key, v)
	}
	return def
}
