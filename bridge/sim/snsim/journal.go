package snsim

import "strings"

// journalFields are the journal fields whose writes ServiceNow keeps as
// entries in sys_journal_field (one row per note, never overwritten), which
// is where the work notes a record accumulates can be read back.
var journalFields = []string{"work_notes", "comments"}

// startJournal makes writes to journal fields append sys_journal_field rows.
func (s *Server) startJournal() {
	s.DB.CreateTable("sys_journal_field")
	s.DB.Subscribe(func(c Change) {
		if c.Op == "delete" || c.Table == "sys_journal_field" {
			return
		}
		for _, f := range journalFields {
			v := strings.TrimSpace(c.New[f])
			if v == "" || (c.Op == "update" && !c.Changed(f)) {
				continue
			}
			_, _ = s.DB.Insert("sys_journal_field", Record{
				"name": c.Table, "element_id": c.New["sys_id"], "element": f, "value": v,
			}, c.By)
		}
	})
	// "Update Task Work Notes" on the phone log: a call's notes written to its
	// phone log reach the task (case, incident) the log points to.
	s.DB.Subscribe(func(c Change) {
		if c.Table != "sn_openframe_phone_log" || c.Op == "delete" {
			return
		}
		task, note := c.New["task"], strings.TrimSpace(c.New["description"])
		if task == "" || note == "" || (c.Op == "update" && !c.Changed("description") && !c.Changed("task")) {
			return
		}
		for _, table := range []string{"sn_customerservice_case", "incident", "sc_request", "sc_task", "task"} {
			if _, err := s.DB.Get(table, task); err == nil {
				_, _ = s.DB.Update(table, task, Record{"work_notes": note}, c.By)
				return
			}
		}
	})
}
