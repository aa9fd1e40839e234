package i18n

// Strings of storage faults: what the contestant, the board and the host
// see while the journal cannot commit, and what serve says when it stops.
func init() {
	Add(map[string]Text{
		"live.q.saving":         {"Đang lưu đáp án: %s…", "Saving your answer: %s…"},
		"live.play.storage":     {"Câu trả lời CHƯA được lưu (máy chủ gặp sự cố lưu dữ liệu). Câu hỏi tạm dừng; hãy trả lời lại khi câu hỏi tiếp tục.", "Your answer was NOT saved (the server cannot store data). The question is paused; answer again when it resumes."},
		"live.play.fault":       {"⏸ Tạm dừng vì sự cố máy chủ, còn %d giây — thời gian đứng yên; chờ ban tổ chức.", "⏸ Paused by a server fault, %d s left — the clock stands still; wait for the organisers."},
		"live.board.fault":      {"⏸ TẠM DỪNG — sự cố kỹ thuật, còn %d giây; xin chờ trong giây lát", "⏸ PAUSED — technical problem, %d s left; please wait"},
		"live.host.fault":       {"LỖI LƯU TRỮ từ %s: %s", "STORAGE FAULT since %s: %s"},
		"live.host.fault_help":  {"Không lưu được gì: câu hỏi tạm dừng, đồng hồ đứng yên, câu trả lời bị từ chối (thí sinh được báo trả lời lại). Máy chủ tự thử lại (đã %d lần); giải phóng ổ đĩa / khóa rồi bấm p để tiếp tục.", "Nothing is being saved: the question is paused, the clock stands still, answers are refused (contestants are told to answer again). The server retries by itself (%d so far); free the disk / lock, then press p to resume."},
		"live.fault.status":     {"LỖI LƯU TRỮ: %s — không lưu được gì, đồng hồ đứng yên; đã thử lại %d lần", "STORAGE FAULT: %s — nothing is being saved, the clock stands still; %d retries so far"},
		"live.err.storage":      {"lỗi lưu trữ, thao tác CHƯA được lưu (%s); máy chủ đang tự thử lại — khi lưu được, dùng resume (p) để tiếp tục", "storage fault, the action was NOT saved (%s); the server is retrying — once it can save, resume (p) to go on"},
		"live.ev.storage_fault": {"LỖI LƯU TRỮ — câu hỏi tạm dừng, thời gian đứng yên", "STORAGE FAULT — question paused, clock stopped"},
		"live.ev.storage_ok":    {"lưu trữ hoạt động lại — câu hỏi đang tạm dừng, bấm p để tiếp tục", "storage works again — the question is paused, press p to resume"},
		"serve.stopped_saved":   {"Đã lưu: %d bản ghi nhật ký, trong đó %d câu trả lời.", "Saved: %d journal records, %d of them answers."},
		"serve.stopped_refused": {"Không lưu được %d câu trả lời vì sự cố lưu trữ (%d lần); các thí sinh đó đã được báo là chưa lưu.", "%d answers could not be saved because of storage faults (%d); those contestants were told they were not saved."},
		"serve.stopped_fault":   {"CẢNH BÁO: khi dừng, lưu trữ vẫn đang lỗi (%s): mọi thao tác từ %s không được lưu; hội thi tiếp tục từ bản ghi cuối đã lưu.", "WARNING: storage was still failing at the stop (%s): nothing after %s was saved; the contest resumes from the last saved record."},
	})
}

func init() {
	Add(map[string]Text{
		"contest.err.mix_count":       {"mix: số câu độ khó %d phải từ 0 trở lên, không phải %d", "mix: the number of difficulty-%d questions must be 0 or more, not %d"},
		"contest.err.too_big":         {"tệp có %d byte; tệp cấu hình hội thi chỉ được tối đa %d byte (có đúng là tệp cấu hình không?)", "the file has %d bytes; a contest file may have at most %d (is it the right file?)"},
		"contest.err.mix_count_named": {"mix: số câu %q phải từ 0 trở lên, không phải %d", "mix: the number of %q questions must be 0 or more, not %d"},
	})
}
