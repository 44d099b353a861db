package snsim

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// DB is the simulated instance's data: tables of records whose values are all
// strings, as ServiceNow's Table API presents them. It fills the system fields
// (sys_id, sys_created_on/by, sys_updated_on/by, sys_mod_count) and per-table
// numbers (IMS0001001, INC0010001...), and tells subscribers about every
// change, which is how business rules such as AWA routing react to records.
// DB is safe for concurrent use; subscribers run synchronously on the
// writer's goroutine after the change is stored, outside the lock.
type DB struct {
	mu       sync.Mutex
	tables   map[string]map[string]Record // table -> sys_id -> record
	order    map[string][]string          // table -> sys_ids in insertion order
	counters map[string]int               // table -> last number used
	subs     map[int]func(Change)
	nextSub  int
	now      func() time.Time
}

// Change is one write to the DB.
type Change struct {
	Table string
	// Op is "insert", "update" or "delete"; or "reset" when Reset restored
	// the whole DB to a seed (Table, Old and New are then empty: re-read
	// whatever you derived from the records).
	Op string
	// Old is the record before the change (nil for insert), New after it
	// (nil for delete). Both are copies.
	Old, New Record
	// By is the user_name of whoever made the change ("system" for the
	// simulator itself).
	By string
}

// Changed reports whether field differs between Old and New.
func (c Change) Changed(field string) bool { return c.Old[field] != c.New[field] }

// Errors from DB.
var (
	ErrNoRecord = errors.New("no record found")
	ErrNoTable  = errors.New("invalid table")
)

// numberPrefixes are the tables that get a number, and its prefix.
var numberPrefixes = map[string]string{
	"interaction":             "IMS",
	"incident":                "INC",
	"sn_customerservice_case": "CS",
	"sc_request":              "REQ",
	"sc_req_item":             "RITM",
	"sc_task":                 "SCTASK",
	"task":                    "TASK",
	"csm_consumer":            "CSMC",
	"customer_account":        "ACCT",
	"awa_work_item":           "",
}

// NewDB returns an empty database whose clock is now (time.Now when nil).
func NewDB(now func() time.Time) *DB {
	if now == nil {
		now = time.Now
	}
	return &DB{
		tables:   map[string]map[string]Record{},
		order:    map[string][]string{},
		counters: map[string]int{},
		subs:     map[int]func(Change){},
		now:      now,
	}
}

// NewSysID returns a random 32-hex-digit sys_id.
func NewSysID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Timestamp formats t as ServiceNow does in the Table API (UTC).
func Timestamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// CreateTable makes an empty table if it does not exist.
func (db *DB) CreateTable(table string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.tables[table] == nil {
		db.tables[table] = map[string]Record{}
	}
}

// HasTable reports whether the table exists.
func (db *DB) HasTable(table string) bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.tables[table] != nil
}

// Tables lists the table names, sorted.
func (db *DB) Tables() []string {
	db.mu.Lock()
	defer db.mu.Unlock()
	names := make([]string, 0, len(db.tables))
	for n := range db.tables {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Insert adds a record, filling system fields the caller left empty, and
// returns the stored copy. An unknown table is created (the seed and the
// simulator define the tables; the Table API refuses unknown ones itself).
func (db *DB) Insert(table string, r Record, by string) (Record, error) {
	db.mu.Lock()
	out, err := db.insertLocked(table, r, by)
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	db.notify(Change{Table: table, Op: "insert", New: out.Clone(), By: by})
	return out, nil
}

// insertLocked stores a copy of r with its system fields filled; db.mu must
// be held.
func (db *DB) insertLocked(table string, r Record, by string) (Record, error) {
	if db.tables[table] == nil {
		db.tables[table] = map[string]Record{}
	}
	rec := r.Clone()
	now := Timestamp(db.now())
	if rec["sys_id"] == "" {
		rec["sys_id"] = NewSysID()
	}
	if _, dup := db.tables[table][rec["sys_id"]]; dup {
		return nil, fmt.Errorf("duplicate sys_id %s in %s", rec["sys_id"], table)
	}
	setDefault(rec, "sys_created_on", now)
	setDefault(rec, "sys_updated_on", now)
	setDefault(rec, "sys_created_by", by)
	setDefault(rec, "sys_updated_by", by)
	setDefault(rec, "sys_mod_count", "0")
	setDefault(rec, "sys_class_name", table)
	if prefix, ok := numberPrefixes[table]; ok && prefix != "" && rec["number"] == "" {
		db.counters[table]++
		rec["number"] = fmt.Sprintf("%s%07d", prefix, 1000+db.counters[table])
	}
	db.tables[table][rec["sys_id"]] = rec
	db.order[table] = append(db.order[table], rec["sys_id"])
	return rec.Clone(), nil
}

// Reset replaces every record with the seed (table -> records, inserted as
// by Insert with "system" as the author) and restarts the record numbers.
// Tables missing from the seed stay, empty. Subscriptions are kept; they
// receive one Change with Op "reset" once the seed is in place. On an error
// (a duplicate sys_id in the seed) the DB holds the part of the seed stored
// before it.
func (db *DB) Reset(seed map[string][]Record) error {
	db.mu.Lock()
	err := db.resetLocked(seed)
	db.mu.Unlock()
	db.notify(Change{Op: "reset", By: "system"})
	if err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	return nil
}

func (db *DB) resetLocked(seed map[string][]Record) error {
	for table := range db.tables {
		db.tables[table] = map[string]Record{}
	}
	db.order = map[string][]string{}
	db.counters = map[string]int{}
	names := make([]string, 0, len(seed))
	for table := range seed {
		names = append(names, table)
	}
	sort.Strings(names)
	for _, table := range names {
		if db.tables[table] == nil {
			db.tables[table] = map[string]Record{}
		}
		for _, r := range seed[table] {
			if _, err := db.insertLocked(table, r, "system"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Get returns a copy of one record.
func (db *DB) Get(table, sysID string) (Record, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	t := db.tables[table]
	if t == nil {
		return nil, fmt.Errorf("%w %s", ErrNoTable, table)
	}
	r, ok := t[sysID]
	if !ok {
		return nil, ErrNoRecord
	}
	return r.Clone(), nil
}

// Update sets fields on a record (system fields are maintained, not taken
// from changes) and returns the stored copy. Setting no field that differs
// still counts as an update, as in ServiceNow.
func (db *DB) Update(table, sysID string, changes Record, by string) (Record, error) {
	db.mu.Lock()
	t := db.tables[table]
	if t == nil {
		db.mu.Unlock()
		return nil, fmt.Errorf("%w %s", ErrNoTable, table)
	}
	cur, ok := t[sysID]
	if !ok {
		db.mu.Unlock()
		return nil, ErrNoRecord
	}
	old := cur.Clone()
	for k, v := range changes {
		switch k {
		case "sys_id", "sys_created_on", "sys_created_by", "sys_mod_count", "sys_updated_on", "sys_updated_by", "number":
			continue
		}
		cur[k] = v
	}
	cur["sys_updated_on"] = Timestamp(db.now())
	cur["sys_updated_by"] = by
	cur["sys_mod_count"] = fmt.Sprint(atoi(cur["sys_mod_count"]) + 1)
	out := cur.Clone()
	db.mu.Unlock()
	db.notify(Change{Table: table, Op: "update", Old: old, New: out.Clone(), By: by})
	return out, nil
}

// Delete removes a record.
func (db *DB) Delete(table, sysID string, by string) error {
	db.mu.Lock()
	t := db.tables[table]
	if t == nil {
		db.mu.Unlock()
		return fmt.Errorf("%w %s", ErrNoTable, table)
	}
	old, ok := t[sysID]
	if !ok {
		db.mu.Unlock()
		return ErrNoRecord
	}
	delete(t, sysID)
	ids := db.order[table]
	for i, id := range ids {
		if id == sysID {
			db.order[table] = append(ids[:i:i], ids[i+1:]...)
			break
		}
	}
	db.mu.Unlock()
	db.notify(Change{Table: table, Op: "delete", Old: old.Clone(), By: by})
	return nil
}

// All returns copies of every record of a table in insertion order.
func (db *DB) All(table string) ([]Record, error) {
	return db.Find(table, nil)
}

// Find returns copies of the records for which match is true (all when match
// is nil), in insertion order.
func (db *DB) Find(table string, match func(Record) bool) ([]Record, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	t := db.tables[table]
	if t == nil {
		return nil, fmt.Errorf("%w %s", ErrNoTable, table)
	}
	var out []Record
	for _, id := range db.order[table] {
		r := t[id]
		if match == nil || match(r) {
			out = append(out, r.Clone())
		}
	}
	return out, nil
}

// FindOne returns the first record for which match is true.
func (db *DB) FindOne(table string, match func(Record) bool) (Record, error) {
	rs, err := db.Find(table, match)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, ErrNoRecord
	}
	return rs[0], nil
}

// Subscribe calls f after every change until the returned cancel is called.
// f runs on the writer's goroutine after the write; it may write to the DB.
func (db *DB) Subscribe(f func(Change)) (cancel func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	id := db.nextSub
	db.nextSub++
	db.subs[id] = f
	return func() {
		db.mu.Lock()
		defer db.mu.Unlock()
		delete(db.subs, id)
	}
}

func (db *DB) notify(c Change) {
	db.mu.Lock()
	ids := make([]int, 0, len(db.subs))
	for id := range db.subs {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	fs := make([]func(Change), 0, len(ids))
	for _, id := range ids {
		fs = append(fs, db.subs[id])
	}
	db.mu.Unlock()
	for _, f := range fs {
		f(c)
	}
}

// Clone copies a record.
func (r Record) Clone() Record {
	c := make(Record, len(r))
	for k, v := range r {
		c[k] = v
	}
	return c
}

func setDefault(r Record, k, v string) {
	if r[k] == "" {
		r[k] = v
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}
