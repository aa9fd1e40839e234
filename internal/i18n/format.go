package i18n

// Messages about question files: the readers of questions/format (GIFT,
// Aiken, CSV, XLSX, JSON) and questions.Validate. The English is the text
// format.Issue.String and the errors' Error methods print, word for word;
// tests in questions/format check that every key the code uses is here and
// that Validate's English agrees. Field names (text, answer, difficulty…)
// stay in parentheses in Vietnamese, since they are the names written in
// the files.
func init() {
	Add(map[string]Text{
		// every format
		"format.notutf8": {VI: "không phải UTF-8: tệp không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy mở tệp, lưu lại dạng UTF-8 (Unicode) rồi nhập lại", EN: "not UTF-8: the file is not UTF-8 text (perhaps Windows-1258 or TCVN3); open it and save it as UTF-8 (Unicode), then import again"},
		"format.stopped": {VI: "(dừng lại sau %d lỗi)", EN: "(stopped after %d errors)"},

		// Aiken
		"format.aiken.no_answer":     {VI: `thiếu dòng ANSWER cho câu hỏi bắt đầu ở dòng %d (mỗi câu hỏi kết thúc bằng một dòng như "ANSWER: B")`, EN: `the ANSWER line is missing for the question starting on line %d (a question ends with a line like "ANSWER: B")`},
		"format.aiken.option_first":  {VI: `dòng phương án đứng trước nội dung câu hỏi (phương án có dạng "A. nội dung"; nội dung câu hỏi phải đứng trước)`, EN: `option line before any question text (an option is "A. text"; the question's text comes first)`},
		"format.aiken.letter":        {VI: "phương án %c đứng ở chỗ của phương án %c: các phương án được đánh chữ A, B, C … theo thứ tự", EN: "option %c where option %c was expected: options are lettered A, B, C … in order"},
		"format.aiken.option_empty":  {VI: "phương án %c để trống", EN: "option %c is empty"},
		"format.aiken.answer_first":  {VI: "dòng ANSWER không có câu hỏi nào phía trước", EN: "ANSWER line with no question before it"},
		"format.aiken.few":           {VI: `câu hỏi bắt đầu ở dòng %d chỉ có %d phương án; cần ít nhất %d (các dòng dạng "A. nội dung")`, EN: `the question starting on line %d has %d option(s); it needs at least %d (lines like "A. text")`},
		"format.aiken.answer_letter": {VI: "ANSWER: %q phải là một chữ cái phương án (%s)", EN: "ANSWER: %q must be one option letter (%s)"},
		"format.aiken.answer_range":  {VI: "ANSWER: %s không khớp với phương án nào (%s)", EN: "ANSWER: %s does not match any option (%s)"},
		"format.aiken.no_options":    {VI: "câu hỏi bắt đầu ở dòng %d không có phương án nào và không có dòng ANSWER", EN: "the question starting on line %d has no options and no ANSWER line"},

		// GIFT
		"format.gift.directive":        {VI: `chỉ thị %s: không được hỗ trợ (GIFT chỉ có $CATEGORY:); nếu câu hỏi bắt đầu bằng chữ này, hãy viết %s\:`, EN: `unknown directive %s: (GIFT knows only $CATEGORY:); to start a question with it, write %s\:`},
		"format.gift.title":            {VI: "tiêu đề ::… chưa được đóng bằng ::", EN: "the title ::… is not closed with ::"},
		"format.gift.unclosed":         {VI: "phần đáp án mở bằng { chưa được đóng bằng } (câu hỏi kết thúc ở dòng trống)", EN: "the answers opened with { are not closed with } (a question ends at a blank line)"},
		"format.gift.close_alone":      {VI: `có } mà không có { mở trước; muốn viết dấu ngoặc nhọn thật thì viết \}`, EN: `} without an opening {; write a literal brace as \}`},
		"format.gift.nested":           {VI: `có { nằm trong phần đáp án; muốn viết dấu ngoặc nhọn thật thì viết \{`, EN: `{ inside the answers; write a literal brace as \{`},
		"format.gift.second_block":     {VI: `khối {đáp án} thứ hai: mỗi câu hỏi chỉ có một; hãy để một dòng trống giữa hai câu hỏi, hoặc viết dấu ngoặc nhọn thật là \{ hay \}`, EN: `a second {answers} block: a question has one; put a blank line between two questions, or write a literal brace as \{ or \}`},
		"format.gift.before_answer":    {VI: "%q đứng trước đáp án đầu tiên: mỗi đáp án bắt đầu bằng = (đúng) hoặc ~ (sai)", EN: "%q before the first answer: each answer starts with = (right) or ~ (wrong)"},
		"format.gift.answer_empty":     {VI: "đáp án %d (%c) không có nội dung", EN: "answer %d (%c) has no text"},
		"format.gift.few":              {VI: "câu hỏi lựa chọn cần ít nhất 2 đáp án, câu này có %d", EN: "a choice question needs at least 2 answers, this one has %d"},
		"format.gift.no_right":         {VI: "chưa có đáp án nào được đánh dấu đúng: đánh dấu bằng =, hoặc cho các đáp án đúng một trọng số như ~%%50%%", EN: "no answer is marked right: mark it with =, or give the right ones a weight like ~%%50%%"},
		"format.gift.short_empty":      {VI: "đáp án %d (=) không có nội dung", EN: "answer %d (=) has no text"},
		"format.gift.short_credit":     {VI: "không đáp án nào được trọn điểm: parquiz chỉ giữ =đáp án hoặc =%%100%%đáp án", EN: "no answer has full credit: parquiz keeps only =answer or =%%100%%answer"},
		"format.gift.short_none":       {VI: "không có đáp án: viết {=đáp án} hoặc {=đáp án =đáp án khác cũng được chấp nhận}", EN: "no answers: write {=answer} or {=answer =other accepted answer}"},
		"format.gift.number_none":      {VI: "không có số: viết {#3}, {#3:0.5} (3, sai số 0,5) hoặc {#1..5}", EN: "no number: write {#3}, {#3:0.5} (3 give or take 0.5) or {#1..5}"},
		"format.gift.number_bad":       {VI: "%q không phải là số: viết 3, 3:0.5 (3, sai số 0,5) hoặc 1..5", EN: "%q is not a number: write 3, 3:0.5 (3 give or take 0.5) or 1..5"},
		"format.gift.number_credit":    {VI: "không số nào được trọn điểm: parquiz chỉ giữ =số hoặc =%%100%%số", EN: "no number has full credit: parquiz keeps only =number or =%%100%%number"},
		"format.gift.difficulty":       {VI: "mức độ (difficulty): %q không phải 1 (dễ), 2 (trung bình) hoặc 3 (khó)", EN: "difficulty: %q is not 1 (easy), 2 (medium) or 3 (hard)"},
		"format.gift.skip_description": {VI: "bỏ qua: đoạn mô tả (văn bản không có {đáp án}) không phải là câu hỏi", EN: "skipped: description (text with no {answers}) is not a question"},
		"format.gift.skip_essay":       {VI: "bỏ qua: chưa hỗ trợ câu hỏi tự luận ({} để trống)", EN: "skipped: essay questions (empty {}) are not supported"},
		"format.gift.skip_matching":    {VI: "bỏ qua: chưa hỗ trợ câu hỏi ghép đôi", EN: "skipped: matching questions are not supported"},

		// CSV and XLSX: the header and the rows (questions/format/table.go)
		"format.table.column":             {VI: "cột %q: %s", EN: "column %q: %s"},
		"format.table.unknown_column":     {VI: "cột %q: không có cột này; các cột là %s", EN: "column %q: unknown column; the columns are %s"},
		"format.table.dup_column":         {VI: "cột %q: trùng với cột %q (cột %d) — chỉ giữ một", EN: "column %q: the same column as %q (column %d) — keep one"},
		"format.table.no_question":        {VI: `dòng tiêu đề không có cột "Câu hỏi" (question); dòng đầu tiên phải ghi tên các cột: %s`, EN: `the header has no "question" column (Câu hỏi); the first row must name the columns: %s`},
		"format.table.no_answer":          {VI: `dòng tiêu đề không có cột "Đáp án đúng" (answer)`, EN: `the header has no "answer" column (Đáp án đúng)`},
		"format.table.option_gap_column":  {VI: "cột %q: thiếu cột cho phương án %s; các cột phương án phải liền nhau a, b, c …", EN: "column %q: there is no column for option %s; option columns run a, b, c … without gaps"},
		"format.table.no_header":          {VI: "cột %d có giá trị nhưng không có tên cột; hãy đặt tên cho cột hoặc xoá giá trị", EN: "column %d has a value but no header; name the column or clear it"},
		"format.table.text_empty":         {VI: "nội dung câu hỏi để trống", EN: "the question text is empty"},
		"format.table.difficulty":         {VI: "%q không phải mức độ: ghi 1, 2 hoặc 3 (dễ, trung bình, khó; easy, medium, hard)", EN: "%q is not a difficulty: write 1, 2 or 3 (dễ, trung bình, khó; easy, medium, hard)"},
		"format.table.option_gap":         {VI: "phương án %s để trống nhưng phương án %s có nội dung; các phương án phải liền nhau A, B, C …", EN: "option %s is empty but option %s is filled; options run A, B, C … without gaps"},
		"format.table.kind":               {VI: "%q không phải loại câu hỏi: ghi single, multiple, truefalse, numeric hoặc short", EN: "%q is not a kind: write single, multiple, truefalse, numeric or short"},
		"format.table.answer_empty":       {VI: "để trống; hãy ghi đáp án: chữ cái phương án (B hoặc A,C), Đúng/Sai, một số (3±2, 1..5) hoặc các câu trả lời được chấp nhận (a | b)", EN: "empty; give the key: option letters (B or A,C), Đúng/Sai, a number (3±2, 1..5) or accepted answers (a | b)"},
		"format.table.options_not_choice": {VI: "câu hỏi loại %s không có phương án; hãy xoá các cột phương án hoặc đặt loại là single hay multiple", EN: "a %s question has no options; clear the option columns or set kind to single or multiple"},
		"format.table.single_key":         {VI: "%q: câu hỏi một đáp án chỉ có đúng một chữ cái đúng và không có trọng số; nếu có nhiều đáp án đúng, hãy đặt loại là multiple", EN: "%q: a single-choice question has exactly one correct letter and no weights; set kind to multiple for several"},
		"format.table.letters_no_options": {VI: "%q trông như chữ cái phương án nhưng dòng này không có phương án (các cột a, b, …); hãy điền các phương án, hoặc đặt loại là short nếu %q là câu trả lời cần gõ", EN: "%q looks like option letters but the row has no options (columns a, b, …); fill the options, or set kind to short if %q is the typed answer"},
		"format.table.needs_options":      {VI: "loại câu hỏi là %s nên dòng này cần có phương án ở các cột a, b, c …", EN: "the kind is %s, so the row needs its options in columns a, b, c …"},
		"format.table.truth":              {VI: "%q không phải Đúng hoặc Sai (hay true, false, Đ, S)", EN: "%q is not Đúng or Sai (or true, false, Đ, S)"},
		"format.table.short_none":         {VI: "%q không có câu trả lời nào được chấp nhận; ngăn cách các câu trả lời bằng |", EN: "%q has no accepted answer; separate accepted answers with |"},
		"format.table.number":             {VI: "%q không phải một số, một số kèm sai số (3±2, 3+-2, 3:2) hay một khoảng (1..5); viết số không có dấu phân cách hàng nghìn", EN: "%q is not a number, a number with a tolerance (3±2, 3+-2, 3:2) or a range (1..5); write numbers without thousands separators"},
		"format.table.letter":             {VI: "%q không phải chữ cái phương án (%s); ghi chữ cái như B hoặc A,C", EN: "%q is not an option letter (%s); write letters like B or A,C"},
		"format.table.letter_range":       {VI: "%q không thuộc các phương án %s", EN: "%q is not one of the options %s"},
		"format.table.letter_twice":       {VI: "%q được ghi hai lần", EN: "%q is given twice"},
		"format.table.weight":             {VI: "trọng số %q của %s không phải là số (ghi A:50,C:50)", EN: "the weight %q of %s is not a number (write A:50,C:50)"},
		"format.table.no_letter":          {VI: "%q không có chữ cái phương án nào (%s)", EN: "%q has no option letter (%s)"},
		"format.table.weight_all":         {VI: "%q: hãy ghi trọng số cho mọi chữ cái hoặc không ghi cho chữ nào (A:50,C:50)", EN: "%q: give a weight to every letter or to none (A:50,C:50)"},

		// CSV
		"format.csv.empty":      {VI: "tệp trống; dòng đầu tiên phải là dòng tiêu đề: %s", EN: "the file is empty; its first line must be the header: %s"},
		"format.csv.syntax":     {VI: "lỗi cú pháp CSV: %s", EN: "CSV syntax: %s"},
		"format.csv.bare_quote": {VI: `lỗi cú pháp CSV: có dấu " trong một ô không bắt đầu bằng dấu ngoặc kép (cột %d); hãy đặt cả ô trong ngoặc kép và viết mỗi dấu " bên trong thành hai dấu ("")`, EN: `CSV syntax: a " inside a field that does not start with a quote (column %d); put the whole field in double quotes and double each " inside it ("")`},
		"format.csv.quote":      {VI: `lỗi cú pháp CSV: ô trong ngoặc kép bắt đầu ở dòng %d chưa được đóng, hoặc có chữ sau dấu ngoặc đóng; hãy viết mỗi dấu " trong ô có ngoặc kép thành hai dấu ("")`, EN: `CSV syntax: a quoted field starting on line %d is not closed, or has text after its closing quote; double each " inside a quoted field ("")`},

		// XLSX
		"format.xlsx.open":      {VI: "không phải bảng tính Excel (.xlsx) mà parquiz đọc được (%v); hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx", EN: "not an Excel workbook (.xlsx) parquiz can read (%v); open it in Excel or LibreOffice and save it as .xlsx"},
		"format.xlsx.no_sheets": {VI: "bảng tính không có trang tính nào", EN: "the workbook has no sheets"},
		"format.xlsx.no_sheet":  {VI: "không có trang tính tên %q; bảng tính có: %s", EN: "no sheet named %q; the workbook has: %s"},
		"format.xlsx.read":      {VI: "không đọc được trang tính %q: %v", EN: "sheet %q cannot be read: %v"},
		"format.xlsx.empty":     {VI: "trang tính %q trống; dòng đầu tiên phải là dòng tiêu đề: %s", EN: "sheet %q is empty; its first row must be the header: %s"},

		// JSON
		"format.json.array":         {VI: "tệp JSON của parquiz là một mảng câu hỏi: phải bắt đầu bằng [", EN: "a parquiz JSON file is an array of questions: it must start with ["},
		"format.json.syntax":        {VI: "lỗi cú pháp JSON: %s", EN: "JSON syntax: %s"},
		"format.json.unclosed":      {VI: "lỗi cú pháp JSON: mảng chưa được đóng bằng ]", EN: "JSON syntax: the array is not closed with ]"},
		"format.json.type":          {VI: `trường "%s" phải có kiểu JSON %s, không phải %s`, EN: `field "%s" must be a JSON %s, not a %s`},
		"format.json.object":        {VI: "đối tượng câu hỏi: %s", EN: "question object: %s"},
		"format.json.truefalse":     {VI: `đáp án (answer): câu hỏi truefalse cần "answer": true hoặc false`, EN: `answer: a truefalse question needs "answer": true or false`},
		"format.json.numeric":       {VI: `đáp án (answer): câu hỏi numeric cần "answer": {"value": V, "tolerance": T} hoặc {"min": A, "max": B}`, EN: `answer: a numeric question needs "answer": {"value": V, "tolerance": T} or {"min": A, "max": B}`},
		"format.json.numeric_form":  {VI: `đáp án (answer): ghi hoặc "value" (kèm "tolerance"), hoặc cả "min" lẫn "max"`, EN: `answer: give either "value" (and "tolerance") or both "min" and "max"`},
		"format.json.short":         {VI: `đáp án (answer): câu hỏi short cần "answer": ["các câu trả lời", "được chấp nhận"]`, EN: `answer: a short-answer question needs "answer": ["accepted", "answers"]`},
		"format.json.choice_answer": {VI: `đáp án (answer): câu hỏi %s đánh dấu đáp án bằng "correct" trên các phương án, không dùng "answer"`, EN: `answer: a %s question marks its key with "correct" on its choices, not "answer"`},

		// questions.Validate (questions/question.go; its FieldError.Error
		// prints the same English)
		"question.text":                 {VI: "nội dung (text): câu hỏi không có nội dung", EN: "text: the question has no text"},
		"question.kind":                 {VI: "loại (kind): %q không phải single, multiple, truefalse, numeric hay short", EN: "kind: %q is not one of single, multiple, truefalse, numeric, short"},
		"question.difficulty":           {VI: "mức độ (difficulty): %d không phải 1 (dễ), 2 (trung bình) hoặc 3 (khó)", EN: "difficulty: %d is not 1 (easy), 2 (medium) or 3 (hard)"},
		"question.topic":                {VI: "chủ đề (topic): còn thiếu", EN: "topic: missing"},
		"question.choices.count":        {VI: "phương án (choices): có %d phương án; câu hỏi lựa chọn cần từ %d đến %d", EN: "choices: %d options; a choice question needs %d to %d"},
		"question.choices.empty":        {VI: "phương án (choices): phương án %s để trống", EN: "choices: option %s is empty"},
		"question.choices.repeat":       {VI: "phương án (choices): phương án %s trùng với một phương án phía trước", EN: "choices: option %s repeats an earlier option"},
		"question.answer.single":        {VI: "đáp án (answer): câu hỏi một đáp án cần đúng 1 phương án đúng, câu này có %d", EN: "answer: a single-choice question needs exactly 1 correct option, it has %d"},
		"question.answer.multiple":      {VI: "đáp án (answer): câu hỏi nhiều đáp án cần ít nhất 1 phương án đúng", EN: "answer: a multiple-choice question needs at least 1 correct option"},
		"question.choices.weight_mark":  {VI: "phương án (choices): phương án %q được đánh dấu correct=%v nhưng có trọng số %v%%", EN: "choices: option %q is marked correct=%v but has weight %v%%"},
		"question.choices.weight_range": {VI: "phương án (choices): trọng số %v%% nằm ngoài khoảng -100..100", EN: "choices: weight %v%% is outside -100..100"},
		"question.choices.weight_sum":   {VI: "phương án (choices): tổng trọng số của các phương án đúng là %v%%, không phải 100%%", EN: "choices: the weights of the correct options add up to %v%%, not 100%%"},
		"question.choices.none":         {VI: "phương án (choices): câu hỏi loại %s không có phương án", EN: "choices: a %s question has no options"},
		"question.answer.numeric":       {VI: "đáp án (answer): đáp án số không phải là một số hữu hạn", EN: "answer: the numeric key is not a finite number"},
		"question.answer.range":         {VI: "đáp án (answer): khoảng %s có giá trị nhỏ nhất lớn hơn giá trị lớn nhất", EN: "answer: the range %s has its minimum above its maximum"},
		"question.answer.short":         {VI: "đáp án (answer): câu hỏi trả lời ngắn cần ít nhất một câu trả lời được chấp nhận", EN: "answer: a short-answer question needs at least one accepted answer"},
	})
}
