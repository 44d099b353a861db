//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vccnow/connector/bridge/store"
)

// outboxUsage says what bridge outbox takes.
const outboxUsage = "usage: bridge outbox list | bridge outbox retry <id>|all, with the settings of bridge serve (-db or VCCNOW_DB)"

// outboxListLimit bounds bridge outbox list.
const outboxListLimit = 1000

// outbox is the admin's door to the outbox of the database bridge serve
// uses: list shows every op not done (pending, retrying, failing, running,
// dead) one a line; retry makes a dead letter or an op waiting after
// failures (or all of them) due now, which a running bridge picks up
// within a second. It opens an existing database only.
func outbox(ctx context.Context, s settings, stdout, stderr io.Writer) int {
	if len(s.args) == 0 {
		fmt.Fprintln(stderr, outboxUsage)
		return 2
	}
	if _, err := os.Stat(s.dbPath); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "bridge outbox: no database at %s: point -db (VCCNOW_DB) at the bridge's database\n", s.dbPath)
		return 1
	}
	st, err := store.OpenSQLite(ctx, s.dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "bridge outbox:", err)
		return 1
	}
	defer st.Close()
	switch verb, rest := s.args[0], s.args[1:]; {
	case verb == "list" && len(rest) == 0:
		return outboxList(ctx, st, stdout, stderr)
	case verb == "retry" && len(rest) == 1:
		return outboxRetry(ctx, st, rest[0], stdout, stderr)
	}
	fmt.Fprintln(stderr, outboxUsage)
	return 2
}

// outboxList prints the ops not done, oldest first.
func outboxList(ctx context.Context, st *store.Store, stdout, stderr io.Writer) int {
	ops, err := st.Unfinished(ctx, outboxListLimit)
	if err != nil {
		fmt.Fprintln(stderr, "bridge outbox:", err)
		return 1
	}
	c, err := st.Counts(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "bridge outbox:", err)
		return 1
	}
	now := time.Now()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tKEY\tKIND\tTRIES\tFAILING SINCE\tNEXT RUN\tLAST ERROR")
	for _, op := range ops {
		state := op.State(now)
		next := op.NextAt.UTC().Format(time.RFC3339)
		if state == "dead" {
			next = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", op.ID, state, op.Key, op.Kind, op.Attempts, orDash(op.FailingSince),
			next, oneLine(op.LastErr))
	}
	_ = tw.Flush()
	fmt.Fprintf(stdout, "%d pending (%d failing), %s", c.Pending, c.Failing, deadLetters(c.Dead))
	if len(ops) == outboxListLimit {
		fmt.Fprintf(stdout, "; the first %d listed", outboxListLimit)
	}
	fmt.Fprintln(stdout)
	if c.Dead > 0 || c.Failing > 0 {
		fmt.Fprintln(stdout, "Fix what the errors say, then run `bridge outbox retry all` (or retry <id>).")
	}
	return 0
}

// outboxRetry makes one op (by id) or every dead letter and failing op due
// now.
func outboxRetry(ctx context.Context, st *store.Store, which string, stdout, stderr io.Writer) int {
	if which == "all" {
		n, err := st.RetryAllNow(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "bridge outbox:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%d ops due now; a running bridge runs them within a second.\n", n)
		return 0
	}
	id, err := strconv.ParseInt(which, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(stderr, "bridge outbox retry: %q is neither an op's id (bridge outbox list shows them) nor all\n", which)
		return 2
	}
	ok, err := st.RetryNow(ctx, id)
	if err != nil {
		fmt.Fprintln(stderr, "bridge outbox:", err)
		return 1
	}
	if !ok {
		fmt.Fprintf(stderr, "bridge outbox retry: no op %d waiting: it is done, running, or unknown (bridge outbox list)\n", id)
		return 1
	}
	fmt.Fprintf(stdout, "op %d due now; a running bridge runs it within a second.\n", id)
	return 0
}

func orDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// oneLine keeps an error on its op's line.
func oneLine(s string) string {
	if s == "" {
		return "-"
	}
	return strings.Join(strings.Fields(s), " ")
}

func deadLetters(n int) string {
	if n == 1 {
		return "1 dead letter"
	}
	return strconv.Itoa(n) + " dead letters"
}
