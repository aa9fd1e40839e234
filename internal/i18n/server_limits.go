package i18n

// Strings of the SSH server's access limits (internal/server: Limits),
// its graceful stop and its refusals of host@.
func init() {
	Add(map[string]Text{
		"server.code.wrong": {"Mã không đúng. Còn %d lần thử; nhập lại sau %d giây.", "Wrong code. %d tries left; try again in %d seconds."},
		"server.code.wait":  {"Vui lòng chờ %d giây rồi nhấn Enter để thử lại.", "Please wait %d seconds, then press Enter to try again."},
		"server.code.busy": {"Địa chỉ mạng của bạn vừa có rất nhiều mã sai, nên mỗi lần thử phải chờ. Mã của bạn sẽ được kiểm tra sau %d giây: khi đó hãy nhấn Enter.",
			"Your network address has just sent a great many wrong codes, so each try must wait. Your code can be checked in %d seconds: press Enter then."},
		"server.stopping": {"Máy chủ đang dừng; câu trả lời đã lưu; kết nối lại bằng mã cũ khi ban tổ chức mở lại.",
			"The server is stopping; your answers are saved; connect again with the same code when the organisers reopen it."},
		"server.login.timeout": {"Hết thời gian nhập mã dự thi (%s). Kết nối lại để thử tiếp.", "Time to type the contestant code is up (%s). Connect again to try once more."},
		"server.refuse.host_nokey": {"host@ cần một khóa SSH có trong --admin-keys, nhưng máy của bạn không đưa ra khóa nào. Dùng ssh -i ĐƯỜNG-DẪN-KHÓA … host@máy-chủ.",
			"host@ needs an SSH key listed in --admin-keys, but your client offered none. Use ssh -i KEY-FILE … host@server."},
		"contest.err.limit":       {"phải từ %v đến %v, không phải %v", "must be between %v and %v, not %v"},
		"contest.err.limit_order": {"không được nhỏ hơn %s (%v), không phải %v", "must not be less than %s (%v), not %v"},
		"server.refuse.host_keys": {"host@ chỉ dành cho khóa SSH trong --admin-keys; khóa bạn đưa ra (%s) không có trong đó.",
			"host@ is only for SSH keys in --admin-keys; the key you offered (%s) is not one of them."},
	})
}
