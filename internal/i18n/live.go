package i18n

// Strings of the live contest: roster commands, the SSH server, the
// contestant, host and board screens, host commands and result sheets.
func init() {
	Add(map[string]Text{
		"roster.count_range":   {"--count phải từ 1 đến 100000", "--count must be between 1 and 100000"},
		"roster.codes_written": {"Đã ghi %d mã vào %s; điền họ tên và đơn vị rồi dùng với --roster.", "Wrote %d codes to %s; fill in names and units, then use it with --roster."},
		"roster.check_ok":      {"%s: %d thí sinh, %d đơn vị — hợp lệ.", "%s: %d contestants, %d units — valid."},
	})
}
