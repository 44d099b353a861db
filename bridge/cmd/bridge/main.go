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
	flag.StringVar(&cfg.SNUser, "sn-user", os.Getenv("VCCNOW_SN_USER"), "ServiceNow integration user")
	flag.StringVar(&cfg.SNClientID, "sn-client-id", os.Getenv("VCCNOW_SN_CLIENT_ID"), "ServiceNow OAuth client id (empty: Basic auth)")
	flag.StringVar(&cfg.VCCBridgeClientID, "vcc-bridge-client-id", os.Getenv("VCCNOW_VCC_BRIDGE_CLIENT_ID"), "VCC API client id of the bridge")
	flag.StringVar(&cfg.PublicURL, "public-url", os.Getenv("VCCNOW_PUBLIC_URL"), "URL where VCC reaches the bridge")
	// Secrets come from the environment only, never from flags (ps shows flags).
	cfg.SNPassword = os.Getenv("VCCNOW_SN_PASSWORD")
	cfg.SNClientSecret = os.Getenv("VCCNOW_SN_CLIENT_SECRET")
	cfg.VCCBridgeSecret = os.Getenv("VCCNOW_VCC_BRIDGE_SECRET")
	cfg.WebhookSecret = os.Getenv("VCCNOW_WEBHOOK_SECRET")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := store.OpenSQLite(ctx, *dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	h, err := bridge.New(cfg, bridge.Deps{Store: st, Logger: log.Default()})
	if err != nil {
		log.Fatal(err)
	}
	if err := h.Subscribe(ctx); err != nil {
		log.Printf("webhook subscription: %v (calls will not reach ServiceNow until this works)", err)
	}
	if err := h.Warm(ctx); err != nil {
		log.Printf("warm-up: %v", err)
	}
	go h.Work(ctx)
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
