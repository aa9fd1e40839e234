package i18n

// Strings of the database's files: the serve lock that keeps bank writes
// away from a live contest, private file modes, contest folders and
// backups.
func init() {
	Add(map[string]Text{
		"files.contest":          {"hội thi số %d (%s, tiến trình %d, từ %s)", "contest %d (%s, process %d, since %s)"},
		"files.contest.starting": {"một hội thi đang khởi động (tiến trình %d)", "a contest that is starting (process %d)"},
		"files.contest.unknown":  {"một hội thi", "a contest"},
		"files.served.import":    {"không nhập câu hỏi vào cơ sở dữ liệu %[1]s trong khi %[2]s đang diễn ra trên đó, để không câu trả lời nào phải chờ; hãy nhập vào một --db khác, hoặc dừng hội thi trước.", "an import into the contest's database %[1]s is refused while %[2]s is served from it, so that no answer waits for it; import into another --db, or stop the contest first."},
		"files.served.default":   {"chưa cập nhật ngân hàng câu hỏi có sẵn trong %[1]s vì %[2]s đang diễn ra trên đó; parquiz sẽ cập nhật ở lần chạy đầu tiên sau khi hội thi dừng.", "the shipped question bank in %[1]s was not updated because %[2]s is served from it; parquiz updates it the first time it runs after the contest stops."},
		"files.serve.other":      {"không tổ chức được: %[2]s đang diễn ra trên cơ sở dữ liệu %[1]s. Dừng hội thi đó trước, hoặc dùng một --db khác.", "cannot serve: %[2]s is already served from the database %[1]s. Stop it first, or use another --db."},
		"files.serve.wait":       {"Đang chờ một lần ghi vào ngân hàng câu hỏi (nhập câu hỏi) trên %s kết thúc rồi mới bắt đầu hội thi…", "Waiting for a write to the question bank (an import) on %s to finish before the contest starts…"},
		"files.tightened":        {"đã thu hẹp quyền của %s từ %04o xuống %04o (chỉ chủ sở hữu đọc được)", "narrowed the permissions of %s from %04o to %04o (owner only)"},
		"backup.cmd":             {"Sao lưu cơ sở dữ liệu (cả khi hội thi đang diễn ra)", "back up the database (even while a contest runs)"},
		"backup.long": {`Ghi một bản sao nhất quán của cơ sở dữ liệu --db (ngân hàng câu hỏi, các hội thi
và nhật ký của chúng, kết quả luyện tập) vào FILE, quyền 0600. Chạy được khi
"parquiz serve" đang tổ chức hội thi trên chính tệp đó: bản sao là một thời điểm,
không làm câu trả lời nào phải chờ. Không ghi đè tệp có sẵn, trừ khi có --force.
Khôi phục: dùng FILE làm --db, ví dụ parquiz serve --resume N --db FILE.`,
			`Writes a consistent copy of the --db database (question bank, contests and
their journals, practice results) to FILE, mode 0600. It runs while "parquiz serve"
runs a contest from that very file: the copy is one moment, and no answer waits
for it. An existing file is not overwritten unless --force is given.
Restore: use FILE as --db, e.g. parquiz serve --resume N --db FILE.`},
		"backup.flag.output":  {"tệp bản sao lưu cần ghi", "backup file to write"},
		"backup.flag.force":   {"ghi đè tệp có sẵn", "overwrite an existing file"},
		"backup.usage.output": {"cần -o FILE: tệp bản sao lưu", "-o FILE is required: the backup file"},
		"backup.exists":       {"%s đã có; chọn tệp khác hoặc thêm --force để ghi đè", "%s exists; choose another file, or add --force to overwrite it"},
		"backup.nodb":         {"không có cơ sở dữ liệu tại %s (chỉ định bằng --db)", "there is no database at %s (name it with --db)"},
		"backup.done":         {"Đã sao lưu %s vào %s (%d byte, %d hội thi, %d câu hỏi, %s).", "Backed up %s to %s (%d bytes, %d contests, %d questions, %s)."},
		"backup.restore":      {"Khôi phục: dùng --db %s, ví dụ parquiz serve --resume %d --db %s", "Restore: use --db %s, e.g. parquiz serve --resume %d --db %s"},
	})
}
