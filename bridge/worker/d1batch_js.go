//go:build js && wasm

package worker

import (
	"bytes"
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
// They go to pool.mjs's d1Batch as JSON text and the results come back so:
// one crossing between Go and JS each way, rather than one per value. Lone
// statements go through syumai's d1 driver (database/sql), which has no
// batch.
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
		return nil, fmt.Errorf("worker: D1: %w", err)
	}
	answer, err := await(ctx, run.Invoke(db, string(text)))
	if err != nil {
		return nil, fmt.Errorf("worker: D1: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(answer.String())))
	dec.UseNumber()
	var rs []batchResult
	if err := dec.Decode(&rs); err != nil {
		return nil, fmt.Errorf("worker: D1's answer: %w", err)
	}
	if len(rs) != len(qs) {
		return nil, fmt.Errorf("worker: D1 answered %d results to %d statements", len(rs), len(qs))
	}
	// Integers as int64, as SQLite's driver gives them.
	out := make([]store.BatchResult, len(rs))
	for i, r := range rs {
		for _, row := range r.Rows {
			for j, v := range row {
				if n, ok := v.(json.Number); ok {
					row[j] = number(n)
				}
			}
		}
		out[i] = store.BatchResult{Rows: r.Rows, Changes: r.Changes}
	}
	return out, nil
}

// number is a JSON number as int64 when it is an integer, else float64.
func number(n json.Number) any {
	if i, err := n.Int64(); err == nil {
		return i
	}
	f, _ := n.Float64()
	return f
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
