package i18n

// Strings of the live contest: roster commands, the SSH server, the
// contestant, host and board screens, host commands and result sheets.
func init() {
	Add(map[string]Text{
		"roster.count_range":    {"--count phải từ 1 đến 100000", "--count must be between 1 and 100000"},
		"roster.codes_written":  {"Đã ghi %d mã vào %s; điền họ tên và đơn vị rồi dùng với --roster.", "Wrote %d codes to %s; fill in names and units, then use it with --roster."},
		"roster.check_ok":       {"%s: %d thí sinh, %d đơn vị — hợp lệ.", "%s: %d contestants, %d units — valid."},
		"live.refuse.user":      {"không có vai trò %q. Dùng play@ (thí sinh), board@ (màn hình chung) hoặc host@ (ban tổ chức).", "there is no role %q. Use play@ (contestants), board@ (projector) or host@ (organisers)."},
		"live.refuse.agent":     {"máy chủ thi không nhận chuyển tiếp agent; kết nối lại với ssh -a.", "the contest server does not accept agent forwarding; connect again with ssh -a."},
		"live.refuse.forward":   {"máy chủ thi không cho chuyển tiếp cổng", "port forwarding is not allowed on the contest server"},
		"live.refuse.subsystem": {"máy chủ thi không có dịch vụ %q (không sftp/scp); chỉ dùng ssh -t.", "the contest server has no %q service (no sftp/scp); use ssh -t only."},
		"live.refuse.nokey":     {"không có khóa", "no key"},
		"live.refuse.host":      {"host@ chỉ dành cho khóa SSH trong --admin-keys; khóa của bạn (%s) không có trong đó.", "host@ is only for SSH keys in --admin-keys; your key (%s) is not one of them."},
		"live.refuse.command":   {"vai trò %s không chạy được lệnh; chỉ host@ với khóa quản trị mới được.", "the %s role cannot run commands; only host@ with an admin key can."},
		"live.refuse.nopty":     {"cần một terminal: kết nối bằng ssh -t … %s@máy-chủ", "needs a terminal: connect with ssh -t … %s@server"},
		"live.board.password":   {"Mật khẩu màn hình chung:", "Board password:"},
	})
}
