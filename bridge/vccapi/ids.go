package vccapi

// ValidGUID reports whether s is a 36-character GUID, as VCC's user,
// presence, interaction and call ids are ("ID formats" in VCC's API docs).
func ValidGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'):
			return false
		}
	}
	return true
}
