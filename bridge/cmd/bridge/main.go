//go:build !js

// Command bridge runs the bridge on its own, pointed at a real ServiceNow
// instance and VCC region. Settings come from flags or the environment:
//
//	bridge -listen :8702 -instance https://acme.service-now.com \
//	       -vcc-auth https://emea.cc.vonage.com/Auth -vcc-api https://emea.api.cc.vonage.com \
//	       -vcc-client-id <id> -db /var/lib/vccnow/bridge.db
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vccnow/connector/bridge"
	"github.com/vccnow/connector/bridge/store"
)

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	listen := flag.String("listen", env("VCCNOW_LISTEN", "127.0.0.1:8702"), "address to serve on")
	dbPath := flag.String("db", env("VCCNOW_DB", "bridge.db"), "SQLite database file")
	var cfg bridge.Config
	flag.StringVar(&cfg.InstanceURL, "instance", os.Getenv("VCCNOW_INSTANCE_URL"), "ServiceNow instance URL")
	flag.StringVar(&cfg.VCCAuthURL, "vcc-auth", os.Getenv("VCCNOW_VCC_AUTH_URL"), "VCC OAuth issuer URL")
	flag.StringVar(&cfg.VCCAPIURL, "vcc-api", os.Getenv("VCCNOW_VCC_API_URL"), "VCC API gateway URL")
	flag.StringVar(&cfg.VCCClientID, "vcc-client-id", os.Getenv("VCCNOW_VCC_CLIENT_ID"), "OAuth client id agents sign in with")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := store.OpenSQLite(ctx, *dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	h, err := bridge.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("bridge serving on %s for %s", *listen, cfg.InstanceURL)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
