package i18n

// Messages about the limits on imported files (questions/format/limits.go):
// their size, the length of a line, a cell or a field, and what a workbook
// unzips to. Each says how big the thing is, what the limit is and the
// flag that raises it, with a value that would do.
func init() {
	Add(map[string]Text{
		"format.limit.size": {
			VI: "tệp có dung lượng %s, vượt giới hạn %s của một tệp nhập vào; hãy kiểm tra đã chọn đúng tệp chưa, hoặc nâng giới hạn bằng --max-size %s",
			EN: "the file is %s, over the %s limit for an imported file; check that it is the right file, or raise the limit with --max-size %s",
		},
		"format.limit.line": {
			VI: "dòng dài %s, vượt giới hạn %s của một dòng; có thể tệp bị mất dấu xuống dòng hoặc không phải loại tệp cần nhập; nếu dòng này đúng là dài như vậy, hãy nâng giới hạn bằng --max-cell %s",
			EN: "the line is %s long, over the %s limit for a line; the file may have lost its line breaks or not be the kind of file expected; if the line really is that long, raise the limit with --max-cell %s",
		},
		"format.limit.cell": {
			VI: `cột %s: ô dài %s, vượt giới hạn %s của một ô (một dấu ngoặc kép " chưa đóng cũng làm ô kéo dài đến hết tệp); nếu ô này đúng là dài như vậy, hãy nâng giới hạn bằng --max-cell %s`,
			EN: `column %s: the cell is %s long, over the %s limit for a cell (an unclosed " also makes a cell run to the end of the file); if it really is that long, raise the limit with --max-cell %s`,
		},
		"format.limit.xlsx_cell": {
			VI: "ô dài %s, vượt giới hạn %s của một ô; nếu ô này đúng là dài như vậy, hãy nâng giới hạn bằng --max-cell %s",
			EN: "the cell is %s long, over the %s limit for a cell; if it really is that long, raise the limit with --max-cell %s",
		},
		"format.limit.field": {
			VI: "trường %s dài %s, vượt giới hạn %s của một trường; nếu đúng là dài như vậy, hãy nâng giới hạn bằng --max-cell %s",
			EN: "the field %s is %s long, over the %s limit for a field; if it really is that long, raise the limit with --max-cell %s",
		},
		"format.limit.unzip": {
			VI: "bảng tính giải nén ra %s, vượt giới hạn %s (gấp %d lần giới hạn tệp %s); tệp có thể bị hỏng hoặc là một “zip bomb”; nếu đúng là tệp này, hãy nâng giới hạn bằng --max-size %s",
			EN: "the workbook unzips to %s, over the %s limit (%d times the %s file limit); the file may be broken or a zip bomb; if it is the right file, raise the limit with --max-size %s",
		},
		"format.limit.xlsx_cells": {
			VI: "trang tính có hơn %d ô tính đến hàng này (kể cả các ô trống ở giữa); có thể có giá trị nằm ở một cột hay một hàng rất xa — bấm Ctrl+End trong Excel để thấy ô cuối cùng, xoá các hàng và cột thừa rồi lưu lại",
			EN: "the sheet has more than %d cells up to this row (empty cells in between included); a value may sit in a far-away column or row — press Ctrl+End in Excel to find the last cell, delete the extra rows and columns and save again",
		},
		"format.limit.ratio": {
			VI: "bảng tính giải nén ra %s từ một tệp chỉ %s, gấp hơn %d lần — bảng tính thật không nén được nhiều đến vậy; tệp có thể bị hỏng hoặc là một “zip bomb”; hãy chép các câu hỏi sang một bảng tính mới, lưu lại rồi nhập lại",
			EN: "the workbook unzips to %s from a file of only %s, more than %d times its size — real workbooks do not compress that much; the file may be broken or a zip bomb; copy the questions into a new workbook, save it and import that",
		},

		// the flags (cmd/parquiz)
		"limits.bad_size":      {VI: "%q không phải dung lượng: ghi số byte, hoặc số kèm KB, MB, GB (64MB, 128KB)", EN: "%q is not a size: write a number of bytes, or a number with KB, MB or GB (64MB, 128KB)"},
		"limits.flag.max_size": {VI: "dung lượng tối đa của một tệp nhập vào (mặc định 64MB; 1 KB = 1024 byte)", EN: "largest file to import (default 64MB; 1 KB = 1024 bytes)"},
		"limits.flag.max_cell": {VI: "độ dài tối đa của một dòng, một ô hay một trường (mặc định 64KB)", EN: "longest line, cell or field (default 64KB)"},
	})
}
