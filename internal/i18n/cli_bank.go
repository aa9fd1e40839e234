package i18n

// Strings of `parquiz bank …` (cmd/parquiz/bank.go).
func init() {
	Add(map[string]Text{
		// command help
		"bank.cmd":          {VI: "Ngân hàng câu hỏi: nhập, xuất, liệt kê, thống kê, kiểm tra", EN: "The question bank: import, export, list, stats, validate"},
		"bank.cmd.import":   {VI: "Nhập câu hỏi từ tệp GIFT, Aiken, CSV, XLSX hoặc JSON (tất cả hoặc không gì cả)", EN: "Import questions from GIFT, Aiken, CSV, XLSX or JSON files (all or nothing)"},
		"bank.cmd.export":   {VI: "Xuất câu hỏi ra tệp", EN: "Export questions to a file"},
		"bank.cmd.list":     {VI: "Liệt kê và tìm câu hỏi (tìm không phân biệt dấu)", EN: "List and search questions (search ignores diacritics)"},
		"bank.cmd.stats":    {VI: "Đếm câu hỏi theo chủ đề, mức độ, loại và bộ", EN: "Count questions by topic, difficulty, kind and set"},
		"bank.cmd.validate": {VI: "Kiểm tra tệp câu hỏi mà không nhập (không đụng tới cơ sở dữ liệu)", EN: "Check question files without importing (the database is not touched)"},
		"bank.cmd.show":     {VI: "Xem đầy đủ một câu hỏi: đáp án, giải thích, nguồn", EN: "Show one question in full: key, explanation, source"},

		// flags
		"bank.flag.format":     {VI: "định dạng: gift, aiken, csv, xlsx, json (mặc định: theo đuôi tệp)", EN: "format: gift, aiken, csv, xlsx, json (default: from the file extension)"},
		"bank.flag.set":        {VI: "tên bộ câu hỏi", EN: "question set name"},
		"bank.flag.sheet":      {VI: "XLSX: tên trang tính (mặc định: trang đầu)", EN: "XLSX: sheet name (default: the first)"},
		"bank.flag.dryrun":     {VI: "chỉ đọc và báo cáo, không thay đổi gì", EN: "read and report only, change nothing"},
		"bank.flag.output":     {VI: "tệp xuất ra (- là đầu ra chuẩn)", EN: "output file (- for standard output)"},
		"bank.flag.topic":      {VI: "chủ đề (gồm cả các chủ đề con)", EN: "topic (and its sub-topics)"},
		"bank.flag.search":     {VI: "tìm trong câu hỏi, phương án và nguồn, không phân biệt dấu", EN: "search the stem, options and source, ignoring diacritics"},
		"bank.flag.kind":       {VI: "loại câu hỏi: single, multiple, truefalse, numeric, short", EN: "question kind: single, multiple, truefalse, numeric, short"},
		"bank.flag.difficulty": {VI: "mức độ: 1 (dễ), 2 (trung bình), 3 (khó)", EN: "difficulty: 1 (easy), 2 (medium), 3 (hard)"},
		"bank.flag.json":       {VI: "in ra JSON", EN: "print JSON"},
		"bank.flag.limit":      {VI: "số câu tối đa (0: tất cả)", EN: "at most this many questions (0: all)"},

		// usage errors
		"bank.usage.kind":       {VI: "--kind %q không hợp lệ; dùng single, multiple, truefalse, numeric hoặc short", EN: "--kind %q is not valid; use single, multiple, truefalse, numeric or short"},
		"bank.usage.difficulty": {VI: "--difficulty %d không hợp lệ; dùng 1 (dễ), 2 (trung bình) hoặc 3 (khó)", EN: "--difficulty %d is not valid; use 1 (easy), 2 (medium) or 3 (hard)"},
		"bank.usage.limit":      {VI: "--limit không được âm", EN: "--limit cannot be negative"},
		"bank.usage.output":     {VI: "hãy cho biết tệp xuất ra bằng -o TỆP (hoặc -o - để in ra màn hình)", EN: "give the output file with -o FILE (or -o - for standard output)"},
		"bank.usage.noformat":   {VI: "hãy cho biết định dạng bằng --format (gift, aiken, csv, xlsx, json) khi xuất ra đầu ra chuẩn", EN: "give --format (gift, aiken, csv, xlsx, json) when exporting to standard output"},
		"bank.usage.id":         {VI: "%q không phải mã câu hỏi (một số, xem cột ID của parquiz bank list)", EN: "%q is not a question id (a number, see the ID column of parquiz bank list)"},

		// opening the bank
		"bank.open":    {VI: "không mở được cơ sở dữ liệu %s: %v", EN: "cannot open the database %s: %v"},
		"bank.default": {VI: "không nạp được ngân hàng câu hỏi mặc định vào %s: %v", EN: "cannot load the default question bank into %s: %v"},
		"bank.default_updated": {VI: "Ngân hàng câu hỏi mặc định đã được cập nhật theo phiên bản parquiz này: thêm %d câu, bỏ %d câu cũ (câu sửa lời được thay). Các hội thi đã lưu vẫn giữ nguyên câu hỏi đã rút.",
			EN: "The default question bank was updated to this parquiz version: %d questions added, %d old ones removed (reworded questions are replaced). Stored contests keep the questions they drew."},
		"bank.created": {VI: "Đã tạo ngân hàng câu hỏi tại %s và nạp %d câu hỏi mặc định (bộ %s).", EN: "Created the question bank at %s and loaded %d default questions (set %s)."},

		// import and validate
		"bank.read":        {VI: "%s: không đọc được tệp: %v", EN: "%s: cannot read the file: %v"},
		"bank.warn":        {VI: "cảnh báo", EN: "warning"},
		"bank.unknown_ext": {VI: "%s: không biết định dạng của tệp theo đuôi tên tệp; hãy ghi --format (%s)", EN: "%s: cannot tell the format from the file extension; give --format (%s)"},
		"bank.file":        {VI: "%s: %d câu hỏi (%s)", EN: "%s: %d questions (%s)"},
		"bank.file.skip":   {VI: "%s: %d câu hỏi (%s), bỏ qua %d câu không hỗ trợ", EN: "%s: %d questions (%s), %d unsupported skipped"},
		"bank.capped":      {VI: "%s: dừng sau %d lỗi đầu tiên; sửa các lỗi này rồi kiểm tra lại", EN: "%s: stopped after the first %d errors; fix these and check again"},
		"bank.failed":      {VI: "Có %d lỗi trong %d tệp. Ngân hàng câu hỏi không thay đổi; hãy sửa các dòng trên rồi nhập lại.", EN: "%d errors in %d files. The question bank is unchanged; fix the lines above and import again."},
		"bank.imported":    {VI: "đã nhập %d, bỏ qua %d câu trùng lặp, bỏ qua %d câu không hỗ trợ", EN: "imported %d, duplicates skipped %d, unsupported skipped %d"},
		"bank.dryrun":      {VI: "chạy thử (không thay đổi gì): sẽ nhập %d, bỏ qua %d câu trùng lặp, bỏ qua %d câu không hỗ trợ", EN: "dry run (nothing changed): would import %d, duplicates skipped %d, unsupported skipped %d"},
		"bank.validated":   {VI: "Hợp lệ: %d câu hỏi trong %d tệp; %d câu trùng lặp giữa các câu trong tệp; %d câu không hỗ trợ bị bỏ qua.", EN: "Valid: %d questions in %d files; %d duplicates among them; %d unsupported skipped."},
		"bank.invalid":     {VI: "Có %d lỗi trong %d tệp.", EN: "%d errors in %d files."},
		"bank.exported":    {VI: "đã xuất %d câu hỏi (%s), bỏ qua %d câu định dạng này không chứa được", EN: "exported %d questions (%s), skipped %d the format cannot hold"},
		"bank.export.file": {VI: "không ghi được %s: %v", EN: "cannot write %s: %v"},

		// list, stats, show
		"bank.col.id":         {VI: "ID", EN: "ID"},
		"bank.col.kind":       {VI: "LOẠI", EN: "KIND"},
		"bank.col.difficulty": {VI: "MỨC", EN: "DIFF"},
		"bank.col.topic":      {VI: "CHỦ ĐỀ", EN: "TOPIC"},
		"bank.col.text":       {VI: "CÂU HỎI", EN: "QUESTION"},
		"bank.count":          {VI: "%d câu hỏi", EN: "%d questions"},
		"bank.count.of":       {VI: "%d trên %d câu hỏi (bỏ --limit để xem tất cả)", EN: "%d of %d questions (drop --limit to see all)"},
		"bank.stats.total":    {VI: "Tổng số câu hỏi: %d", EN: "Total questions: %d"},
		"bank.stats.topic":    {VI: "Theo chủ đề", EN: "By topic"},
		"bank.stats.diff":     {VI: "Theo mức độ", EN: "By difficulty"},
		"bank.stats.kind":     {VI: "Theo loại", EN: "By kind"},
		"bank.stats.set":      {VI: "Theo bộ", EN: "By set"},
		"bank.diff.1":         {VI: "1 (dễ)", EN: "1 (easy)"},
		"bank.diff.2":         {VI: "2 (trung bình)", EN: "2 (medium)"},
		"bank.diff.3":         {VI: "3 (khó)", EN: "3 (hard)"},
		"bank.notfound":       {VI: "không có câu hỏi mã %d trong ngân hàng (xem parquiz bank list)", EN: "there is no question %d in the bank (see parquiz bank list)"},
		"bank.show.head":      {VI: "Câu %d · %s · mức %d · %s · bộ %s", EN: "Question %d · %s · difficulty %d · %s · set %s"},
		"bank.show.key":       {VI: "Đáp án", EN: "Key"},
		"bank.show.explain":   {VI: "Giải thích", EN: "Explanation"},
		"bank.show.source":    {VI: "Nguồn", EN: "Source"},
		"bank.show.tags":      {VI: "Thẻ", EN: "Tags"},
		"bank.show.hash":      {VI: "Mã nội dung", EN: "Content hash"},
		"bank.show.feedback":  {VI: "phản hồi", EN: "feedback"},
		"bank.show.truefb":    {VI: "Phản hồi khi chọn Đúng", EN: "Feedback for True"},
		"bank.show.falsefb":   {VI: "Phản hồi khi chọn Sai", EN: "Feedback for False"},
	})
}
