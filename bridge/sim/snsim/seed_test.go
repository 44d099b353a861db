package snsim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The seed must hold together: every reference the dictionary knows points
// at a record, sys_ids are unique (phone numbers: seed_phone_test.go).
func TestSeedIntegrity(t *testing.T) {
	seed, err := loadSeed(filepath.Join("..", "..", "..", "testdata", "servicenow"))
	require.NoError(t, err)
	ids := map[string]string{} // sys_id -> table
	for table, rows := range seed {
		for _, r := range rows {
			id := r["sys_id"]
			require.True(t, isSysID(id), "%s: sys_id %q", table, id)
			require.Empty(t, ids[id], "%s: sys_id %s also in %s", table, id, ids[id])
			ids[id] = table
		}
	}
	for table, rows := range seed {
		for _, r := range rows {
			for k, v := range r {
				if v == "" {
					continue
				}
				def, ok := fieldOf(table, k)
				if !ok || def.ref == "" {
					continue
				}
				got := ids[v]
				assert.True(t, got == def.ref || extendsTable(got, def.ref),
					"%s %s.%s = %s points at %q, want a %s", table, r["sys_id"], k, v, got, def.ref)
			}
		}
	}
}

func TestLoadSeedErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := loadSeed(dir)
	assert.ErrorContains(t, err, "no seed files")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "incident.json"), []byte(`[{"number": 7}]`), 0o600))
	_, err = loadSeed(dir)
	assert.ErrorContains(t, err, "incident.json must be a JSON array of records with string values")
}

func TestDBReset(t *testing.T) {
	db := NewDB(nil)
	var ops []string
	db.Subscribe(func(c Change) { ops = append(ops, c.Op) })
	_, err := db.Insert("incident", Record{"short_description": "before"}, "test")
	require.NoError(t, err)
	_, err = db.Insert("awa_work_item", Record{}, "test")
	require.NoError(t, err)

	require.NoError(t, db.Reset(map[string][]Record{"incident": {{"sys_id": "a", "short_description": "seeded"}}}))
	assert.Equal(t, []string{"insert", "insert", "reset"}, ops, "one reset notice, no per-record noise")
	all, err := db.All("incident")
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, "seeded", all[0]["short_description"])
	assert.Equal(t, "INC0001001", all[0]["number"], "numbers restart")
	items, err := db.All("awa_work_item")
	require.NoError(t, err, "tables outside the seed stay, empty")
	assert.Empty(t, items)

	err = db.Reset(map[string][]Record{"incident": {{"sys_id": "a"}, {"sys_id": "a"}}})
	assert.ErrorContains(t, err, "duplicate sys_id a")
}
