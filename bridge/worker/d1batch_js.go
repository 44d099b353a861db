//go:build js && wasm

package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"

	"github.com/syumai/workers/cloudflare"

	"github.com/vccnow/connector/bridge/store"
)

// D1Batcher runs the store's batches with D1's batch() on the current
// event's binding (DBBinding): its statements are one round trip to D1 and
// a SQL transaction (https://developers.cloudflare.com/d1/worker-api/d1-database/#batch).
// The statements go to pool.mjs's d1Batch as JSON text and the results come
// back so, one crossing between Go and JS each way rather than one per
// value.
type D1Batcher struct{}

var _ store.Batcher = D1Batcher{}

// batchQuery and batchResult are d1Batch's JSON.
type batchQuery struct {
	SQL    string `json:"sql"`
	Params []any  `json:"params"`
}

type batchResult struct {
	Rows    [][]any `json:"rows"`
	Changes int64   `json:"changes"`
}

// Batch implements store.Batcher.
func (D1Batcher) Batch(ctx context.Context, stmts []store.Statement) ([]store.BatchResult, error) {
	db := cloudflare.GetBinding(DBBinding)
	if db.IsUndefined() {
		return nil, fmt.Errorf("worker: no D1 binding named %s", DBBinding)
	}
	run := js.Global().Get("context").Get("binding").Get("d1Batch")
	if run.Type() != js.TypeFunction {
		return nil, errors.New("worker: the Worker's entry has no d1Batch (pool.mjs)")
	}
	qs := make([]batchQuery, len(stmts))
	for i, st := range stmts {
		qs[i] = batchQuery{SQL: st.SQL, Params: st.Args}
		if qs[i].Params == nil {
			qs[i].Params = []any{}
		}
	}
	text, err := json.Marshal(qs)
	if err != nil {
		return nil, fmt.Errorf("worker: D1 batch: %w", err)
	}
	answer, err := await(ctx, run.Invoke(db, string(text)))
	if err != nil {
		return nil, fmt.Errorf("worker: D1 batch: %w", err)
	}
	var rs []batchResult
	if err := json.Unmarshal([]byte(answer.String()), &rs); err != nil {
		return nil, fmt.Errorf("worker: D1 batch answer: %w", err)
	}
	out := make([]store.BatchResult, len(rs))
	for i, r := range rs {
		out[i] = store.BatchResult{Rows: r.Rows, Changes: r.Changes}
	}
	return out, nil
}

// await waits for a promise. Whichever of its callbacks runs releases
// both, so a warm instance keeps none.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type outcome struct {
		v   js.Value
		err error
	}
	done := make(chan outcome, 1)
	var then, catch js.Func
	release := func() {
		then.Release()
		catch.Release()
	}
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		done <- outcome{v: args[0]}
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer release()
		msg := "rejected"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		done <- outcome{err: errors.New(msg)}
		return nil
	})
	promise.Call("then", then, catch)
	select {
	case o := <-done:
		return o.v, o.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}
