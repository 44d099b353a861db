package snsim

import (
	"net/http"
	"strings"
)

// Table ACLs, simplified to one rule per table and operation: the roles a
// user needs (any one of them; admin passes every check). Tables not listed
// can be read by any authenticated user and written by admin only, which is
// how the seed's reference data (users, contacts, consumers, accounts,
// groups) behaves on a base instance.
//
// Reference: "Access control list rules" and the Table API's 403 answers
// (https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html).

// aclOp is the operation an ACL allows.
type aclOp int

const (
	aclRead aclOp = iota
	aclCreate
	aclUpdate
	aclDelete
)

// tableACL lists the roles that may read and write a table; nil read roles
// mean any authenticated user.
type tableACL struct {
	read, write []string
}

var (
	interactionRoles = []string{"interaction_agent", "interaction_admin"}
	caseRoles        = []string{"sn_customerservice_agent", "sn_customerservice.consumer_agent"}
	taskRoles        = []string{"itil", "sn_customerservice_agent", "sn_customerservice.consumer_agent"}
	adminOnly        = []string{"admin"}
	awaAdmin         = []string{"awa_admin", "admin"}
)

// tableACLs are the tables the bridge writes, and the tables only an
// administrator may see.
var tableACLs = map[string]tableACL{
	"interaction":                 {read: interactionRoles, write: interactionRoles},
	"interaction_related_record":  {read: interactionRoles, write: interactionRoles},
	"interaction_wrap_up_segment": {read: interactionRoles, write: interactionRoles},
	"incident":                    {read: []string{"itil"}, write: []string{"itil"}},
	"sn_customerservice_case":     {read: caseRoles, write: caseRoles},
	"sc_request":                  {read: taskRoles, write: taskRoles},
	"sc_req_item":                 {read: taskRoles, write: taskRoles},
	"sc_task":                     {read: taskRoles, write: taskRoles},
	"task":                        {read: taskRoles, write: taskRoles},
	"sn_openframe_phone_log":      {read: []string{"sn_openframe_user", "sn_openframe_api_user"}, write: []string{"sn_openframe_user", "sn_openframe_api_user"}},
	"oauth_entity":                {read: adminOnly, write: adminOnly},
	"sys_rate_limit_rules":        {read: []string{"rate_limit_admin"}, write: []string{"rate_limit_admin"}},
	// AWA's configuration: "Role required: awa_admin or admin"
	// (awa-create-service-channel.md, awa-create-queue.md,
	// awa-agent-presence.md, awa-configure-reject-reasons.md,
	// awa-create-assignment-rule.md). The OpenFrame configuration and the
	// eligibility pools ("Role required: admin",
	// awa-specify-assignment-eligibility.md) are admin's, as tables not
	// listed here.
	"awa_service_channel": {write: awaAdmin},
	"awa_queue":           {write: awaAdmin},
	"awa_presence_state":  {write: awaAdmin},
	"awa_reject_reason":   {write: awaAdmin},
	"awa_assignment_rule": {write: awaAdmin},
}

// checkACL returns a 403 apiError when user may not do op on table.
func (s *Server) checkACL(user Record, table string, op aclOp) error {
	acl, ok := tableACLs[table]
	if !ok {
		acl = tableACL{write: adminOnly}
	}
	roles := acl.write
	if op == aclRead {
		roles = acl.read
	}
	if roles == nil {
		return nil
	}
	for _, role := range roles {
		if s.hasRole(user, role) {
			return nil
		}
	}
	need := table + " needs one of the roles " + strings.Join(roles, ", ")
	switch op {
	case aclRead:
		return &apiError{http.StatusForbidden, "Insufficient rights to query records", "Reading " + need}
	case aclCreate:
		return &apiError{http.StatusForbidden, "Operation Failed", "ACL Exception Insert Failed due to security constraints: " + need}
	case aclUpdate:
		return &apiError{http.StatusForbidden, "Operation Failed", "ACL Exception Update Failed due to security constraints: " + need}
	default:
		return &apiError{http.StatusForbidden, "Operation Failed", "ACL Exception Delete Failed due to security constraints: " + need}
	}
}
