package snsim

// People and organisations: users, customer contacts (which extend
// sys_user), customer accounts, consumers, groups and roles.
//
// Sources (paths under markdown/ in ServiceNow/ServiceNowDocs):
//   - sys_user and customer_contact: the contact records the Contact API
//     returns (api-reference/rest-apis/contact-api.md) hold every sys_user
//     column plus account; user_password (a password2 column) is well known
//     and never returned, so no page lists it.
//   - customer_account: api-reference/rest-apis/account-api.md (it has no
//     "active" column).
//   - csm_consumer: api-reference/rest-apis/consumer-api.md and
//     financial-services-operations/fso-int_guide-table_defs.md.
//   - groups and roles: the columns the bridge's doctor and the AWA
//     eligibility pools read (sys_user_grmember.user/group,
//     sys_user_has_role.user/role/state), well known.

// userColumns are sys_user's plain columns (contact-api.md's records).
const userColumns = "active agent_status calendar_integration city country date_format default_perspective " +
	"edu_status email employee_number enable_multifactor_authn failed_attempts first_name gender " +
	"geolocation_tracked home_phone internal_integration_user introduction last_login last_login_device " +
	"last_login_time last_name last_position_update latitude locked_out longitude middle_name mobile_phone " +
	"name notification on_schedule phone photo preferred_language roles source state street time_format " +
	"time_sheet_policy time_zone title user_name vip web_service_access_only zip sys_domain sys_domain_path sys_tags"

func init() {
	defineTables(map[string]tableDef{
		"sys_user": {display: "name", columns: userColumns,
			fields: map[string]fieldDef{
				"user_password": {password: true},
				"manager":       ref("sys_user"), "company": ref("core_company"), "department": ref("cmn_department"),
				"location": ref("cmn_location"), "cost_center": ref("cmn_cost_center"), "building": ref("cmn_building"),
				"schedule": ref("cmn_schedule"), "ldap_server": ref("ldap_server_config"),
			}},
		"customer_contact": {extends: "sys_user",
			fields: map[string]fieldDef{"account": ref("customer_account")}},
		"customer_account": {display: "name",
			columns: "account_code account_path active_escalation apple_icon banner_image banner_image_light banner_text " +
				"city country customer discount fax_phone fiscal_year lat_long_error latitude longitude manufacturer " +
				"market_cap name notes num_employees number partner phone primary profits publicly_traded rank_tier " +
				"registration_code revenue_per_year state stock_price stock_symbol street theme vendor vendor_type " +
				"website zip sys_tags",
			fields: map[string]fieldDef{
				"primary_contact": ref("customer_contact"), "contact": ref("customer_contact"),
				"account_parent": ref("customer_account"), "parent": ref("customer_account"),
				"vendor_manager": ref("sys_user"),
			}},
		"csm_consumer": {display: "name",
			columns: "active business_phone city country date_format email fax first_name gender home_phone last_name " +
				"middle_name mobile_phone name notes notification number photo preferred_language prefix primary state " +
				"street suffix time_format time_zone title zip sys_domain sys_tags",
			fields: map[string]fieldDef{"user": ref("sys_user"), "household": ref("csm_household")}},

		"sys_user_group": {display: "name", columns: "name description email active type roles",
			fields: map[string]fieldDef{"manager": ref("sys_user"), "parent": ref("sys_user_group")}},
		"sys_user_grmember": {fields: map[string]fieldDef{"user": ref("sys_user"), "group": ref("sys_user_group")}},
		"sys_user_role":     {display: "name", columns: "name description suffix elevated_privilege"},
		"sys_user_has_role": {columns: "state inherited",
			fields: map[string]fieldDef{"user": ref("sys_user"), "role": ref("sys_user_role"), "granted_by": ref("sys_user_group")}},
	})
}
