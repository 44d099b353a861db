package snsim

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every seed file is a table of the dictionary, and every column a seed
// record holds is a column of that table: the seed holds only what a real
// instance could hold.
func TestSeedColumnsAreReal(t *testing.T) {
	seed, err := loadSeed(filepath.Join("..", "..", "..", "testdata", "servicenow"))
	require.NoError(t, err)
	dict := Dictionary()
	for table, rows := range seed {
		cols, ok := dict[table]
		if !assert.True(t, ok, "seed file %s.json: %s is not a table of the dictionary", table, table) {
			continue
		}
		for _, r := range rows {
			for col := range r {
				assert.True(t, slices.Contains(cols, col), "%s %s: %s has no column %q", table, r["sys_id"], table, col)
			}
		}
	}
}

// A seeded person's name is what the instance would calculate from their
// first and last names.
func TestSeedNamesAreCalculated(t *testing.T) {
	seed, err := loadSeed(filepath.Join("..", "..", "..", "testdata", "servicenow"))
	require.NoError(t, err)
	for _, table := range []string{"sys_user", "customer_contact", "csm_consumer"} {
		for _, r := range seed[table] {
			assert.Equal(t, fullName(r), r["name"], "%s %s", table, r["sys_id"])
		}
	}
}
