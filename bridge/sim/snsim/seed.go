package snsim

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// loadSeed reads the seed: one <table>.json file per table in dir, each a
// JSON array of records whose values are all strings ("[]" for a table that
// starts empty). New stores it in the DB and /sim/reset restores it.
// testdata/servicenow/README.md lists what the seed holds. The seed also
// gets the dictionary's own rows, sys_db_object and sys_dictionary
// (dictionary_sysdict.go), which no file holds.
func loadSeed(dir string) (map[string][]Record, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("servicenow sim: seed folder %q: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("servicenow sim: no seed files (<table>.json) in %q: point SeedDir at testdata/servicenow", dir)
	}
	seed := make(map[string][]Record, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("servicenow sim: seed: %w", err)
		}
		var rows []Record
		if err := json.Unmarshal(b, &rows); err != nil {
			return nil, fmt.Errorf("servicenow sim: seed %s must be a JSON array of records with string values: %w", filepath.Base(f), err)
		}
		seed[strings.TrimSuffix(filepath.Base(f), ".json")] = rows
	}
	seed["sys_db_object"], seed["sys_dictionary"] = dictionaryRecords()
	return seed, nil
}
