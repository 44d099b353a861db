package snsim

import "strings"

// Journal fields (work_notes, comments: journal_input in the dictionary)
// keep every value written to them as an entry of sys_journal_field (name =
// the record's table, element_id = its sys_id, element = the field, value =
// the text), never overwritten; the record itself reads back empty.
//
// Sources: platform-administration/c_JournalFields.md (journal_input: the
// inputs are stored, not shown with the record), api-reference/
// web-services/retrieving-journal-entries.md (read a record's entries from
// sys_journal_field by element_id and element), and c_TableAPI.md's PATCH
// example (a comments value written reads back "").
//
// Writes from outside pass tablewrite_rules.go, which stores the entries
// itself; this file turns the simulator's own engines' writes of a journal
// field (the AWA engine, the workspace) into entries the same way.

// journalTable holds the journal entries.
const journalTable = "sys_journal_field"

// startJournal makes the engines' writes to journal fields append
// sys_journal_field rows, and starts the business rules of journal_*.go.
func (s *Server) startJournal() {
	s.DB.CreateTable(journalTable)
	s.DB.Subscribe(func(c Change) {
		if c.Op == "delete" || c.Op == "reset" || c.Table == journalTable {
			return
		}
		for f, v := range c.New {
			v = strings.TrimSpace(v)
			if v == "" || !isJournal(c.Table, f) || (c.Op == "update" && !c.Changed(f)) {
				continue
			}
			_, _ = s.DB.Insert(journalTable, Record{"name": c.Table, "element_id": c.New["sys_id"], "element": f, "value": v}, c.By)
		}
	})
	s.startPhoneLogRules()
}

// The phone log's "Update Task Work Notes" business rule.
// customer-service-management/r_InstalledWithOpenFrame.md says the OpenFrame
// plugin installs it on sn_openframe_phone_log and that it updates a task's
// work notes whenever a phone call is logged for that task; it does not say
// what the note says, nor which column of the phone log names the task. So
// the simulator performs it only under the assumption switch
// phone-log-task-work-note (off by default): a phone log created with a task
// (the task column, itself inferred: dictionary_interaction.go) adds
// phoneLogTaskNote to that task's work notes. It never copies anything from
// the phone log. The product writes the task's work notes itself with the
// Table API and relies on no such rule.

// switchPhoneLogTaskNote names the assumption.
const switchPhoneLogTaskNote = "phone-log-task-work-note"

// phoneLogTaskNote is the fixed line the assumed rule writes.
const phoneLogTaskNote = "A phone call was logged for this task."

func init() {
	addAssumption(switchPhoneLogTaskNote,
		`a phone log created with a task adds the fixed line "`+phoneLogTaskNote+`" to the task's work notes`)
}

// startPhoneLogRules subscribes the phone log's assumed rule.
func (s *Server) startPhoneLogRules() {
	s.DB.Subscribe(func(c Change) {
		if c.Table != "sn_openframe_phone_log" || c.Op != "insert" || !s.assumes(switchPhoneLogTaskNote) {
			return
		}
		task := c.New["task"]
		if task == "" {
			return
		}
		for _, t := range subtables("task") {
			if _, err := s.DB.Get(t, task); err == nil {
				_, _ = s.DB.Update(t, task, Record{}, c.By)
				s.addJournal(t, task, map[string]string{"work_notes": phoneLogTaskNote}, c.By)
				return
			}
		}
	})
}
