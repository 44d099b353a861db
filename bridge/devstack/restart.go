//go:build !js

package devstack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// RestartBridge stops the bridge the way a deployment restarts it — its
// outbox worker ends, its server finishes the requests in flight and closes,
// its SQLite store closes — and starts a new bridge on the same address with
// the same configuration (webhook secret included) and the same database
// file. The simulators keep running: panels see the bridge answer again on
// the same URL, and VCC redelivers the webhooks it could not deliver in
// between.
//
// RestartBridge replaces Bridge and Store; code holding the old ones must
// not use them afterwards. Calls must not overlap with each other or Close.
func (st *Stack) RestartBridge(ctx context.Context) error {
	if err := st.stopBridge(ctx); err != nil {
		return fmt.Errorf("devstack: stop the bridge: %w", err)
	}
	l, err := listenAgain(ctx, st.bridgeAddr)
	if err != nil {
		return fmt.Errorf("devstack: listen on the bridge's address %s again: %w", st.bridgeAddr, err)
	}
	if err := st.startBridge(ctx, l); err != nil {
		l.Close()
		return fmt.Errorf("devstack: start the bridge again: %w", err)
	}
	return nil
}

// stopBridge ends the bridge's worker, then its server (waiting up to ctx
// for requests in flight), then closes its store. It does nothing for a
// bridge that is not running.
func (st *Stack) stopBridge(ctx context.Context) error {
	var errs []error
	if st.stopWork != nil {
		st.stopWork()
		<-st.workDone
		st.stopWork = nil
	}
	if st.bridgeSrv != nil {
		if err := st.bridgeSrv.Shutdown(ctx); err != nil {
			st.bridgeSrv.Close()
			errs = append(errs, err)
		}
		st.bridgeSrv = nil
	}
	if st.Store != nil {
		errs = append(errs, st.Store.Close())
		st.Store = nil
	}
	return errors.Join(errs...)
}

// listenAgain listens on addr, retrying briefly while the previous
// listener's socket is being released.
func listenAgain(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	for {
		l, err := lc.Listen(ctx, "tcp", addr)
		if err == nil {
			return l, nil
		}
		select {
		case <-ctx.Done():
			return nil, errors.Join(err, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
