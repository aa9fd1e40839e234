package i18n

func init() {
	Add(map[string]Text{
		"roster.err.csv":            {"lỗi định dạng CSV: %s", "CSV syntax: %s"},
		"roster.err.empty":          {"danh sách thí sinh trống; cần một dòng tiêu đề (code, name, unit hoặc Mã dự thi, Họ và tên, Đơn vị) và mỗi thí sinh một dòng", "the roster is empty; it needs a header row (code, name, unit) and one row per contestant"},
		"roster.err.unknown_column": {"cột %q không rõ (các cột: Mã dự thi/code, Họ và tên/name, Đơn vị/unit, Khối/block, public_key)", "unknown column %q (known: code/Mã dự thi, name/Họ và tên, unit/Đơn vị, block/Khối, public_key)"},
		"roster.err.dup_column":     {"cột %q xuất hiện hai lần", "column %q appears twice"},
		"roster.err.missing_column": {"thiếu cột %q (tiếng Việt: %s)", "missing column %q (Vietnamese: %s)"},
		"roster.err.empty_code":     {"mã dự thi (code) để trống", "the code (mã dự thi) is empty"},
		"roster.err.bad_code":       {"mã dự thi %q có ký tự thí sinh khó gõ chính xác", "the code %q has a character contestants cannot type reliably"},
		"roster.err.dup_code":       {"mã dự thi %q bị trùng (đã có ở dòng %d)", "duplicate code %q (already on line %d)"},
		"roster.err.empty_name":     {"họ và tên (name) để trống", "the name (họ và tên) is empty"},
		"roster.err.empty_unit":     {"đơn vị (unit) để trống", "the unit (đơn vị) is empty"},
		"roster.err.bad_key":        {"khóa công khai không đúng dạng authorized_keys (ssh-ed25519 AAAA…): %v", "the public key is not in authorized_keys form (ssh-ed25519 AAAA…): %v"},
		"roster.err.no_rows":        {"danh sách có dòng tiêu đề nhưng chưa có thí sinh nào", "the roster has a header but no contestants"},
	})
}
