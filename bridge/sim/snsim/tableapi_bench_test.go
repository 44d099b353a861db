package snsim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkTableAPI measures the requests the bridge makes per call against
// an instance holding a day of calls (20,000 interactions and phone logs).
func BenchmarkTableAPI(b *testing.B) {
	s, err := New(Config{SeedDir: "../../../testdata/servicenow", ConnectorURL: "http://127.0.0.1:8702/"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := range 20000 {
		log, err := s.DB.Insert("sn_openframe_phone_log", Record{"call_id": fmt.Sprintf("call-%d", i)}, "system")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.DB.Insert("interaction", Record{"type": "phone", "state": "closed_complete", "caller_phone_number": "+14155550111",
			"channel_metadata_table": "sn_openframe_phone_log", "channel_metadata_document": log["sys_id"]}, "system"); err != nil {
			b.Fatal(err)
		}
	}
	ia, _ := s.DB.FindOne("interaction", nil)
	requests := map[string]string{
		"phone log by call_id":  "/api/now/table/sn_openframe_phone_log?sysparm_query=call_id=call-19999&sysparm_fields=sys_id",
		"interaction by sys_id": "/api/now/table/interaction/" + ia["sys_id"],
		"caller lookup":         "/api/now/table/sys_user?sysparm_query=active=true^phone=%2B14155550111^ORmobile_phone=%2B14155550111^ORhome_phone=%2B14155550111",
		"dot-walked cases":      "/api/now/table/sn_customerservice_case?sysparm_query=contact.phone=%2B14155550201^active=true&sysparm_display_value=true",
	}
	for name, path := range requests {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.SetBasicAuth("vcc.integration", "integration")
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
