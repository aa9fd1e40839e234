package format

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// giftBenchFile writes a GIFT file of n questions of every kind, in
// Vietnamese, with the syntax a real file has: categories, metadata
// comments, titles, answers over several lines, feedback, escapes.
func giftBenchFile(n int) []byte {
	var b strings.Builder
	topics := []string{"CCHC/Một cửa", "CCHC/Dịch vụ công trực tuyến", "Luật Cán bộ, công chức", "Chỉ số/PAR Index", "Đề án 06"}
	for i := range n {
		if i%50 == 0 {
			fmt.Fprintf(&b, "$CATEGORY: $course$/top/%s\n\n", topics[(i/50)%len(topics)])
		}
		fmt.Fprintf(&b, "// difficulty: %d\n// source: Nghị định số 61/2018/NĐ-CP, Điều %d\n// tags: cải cách, câu %d\n", 1+i%3, i%40+1, i)
		switch i % 6 {
		case 0, 1:
			fmt.Fprintf(&b, "::Câu %d\\: một cửa::Theo quy định, bộ phận nào tiếp nhận hồ sơ thủ tục hành chính số %d?{\n", i, i)
			b.WriteString("\t=Bộ phận Tiếp nhận và Trả kết quả#Đúng theo Điều 3\n")
			b.WriteString("\t~Văn phòng Ủy ban nhân dân#Không phải\n\t~Phòng Nội vụ\n\t~Thanh tra huyện\n")
			b.WriteString("\t####Nghị định quy định rõ bộ phận một cửa \\{BPMC\\}.\n}\n\n")
		case 2:
			fmt.Fprintf(&b, "Những chỉ số nào đo mức độ hài lòng (câu %d)?{\n\t~%%50%%SIPAS\n\t~%%50%%PAPI\n\t~%%-100%%GDP\n\t~%%-100%%CPI\n}\n\n", i)
		case 3:
			fmt.Fprintf(&b, "Cán bộ, công chức phải là công dân Việt Nam (mệnh đề %d).{TRUE#Sai: xem Điều 4#Chính xác####Luật số 22/2008/QH12.}\n\n", i)
		case 4:
			fmt.Fprintf(&b, "Nghị quyết 30c ban hành năm nào? (câu %d){#2011:0####Ngày 08/11/2011.}\n\n", i)
		case 5:
			fmt.Fprintf(&b, "Cơ chế {=một cửa =một cửa liên thông} được áp dụng tại bộ phận số %d.\n\n", i)
		}
	}
	return []byte(b.String())
}

// BenchmarkImportGIFT10k parses, normalises and validates a generated
// 10,000-question GIFT file with Read (the SQLite insert is benchmarked in
// questions/bank).
func BenchmarkImportGIFT10k(b *testing.B) {
	data := giftBenchFile(10000)
	gift, err := Lookup("gift")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Read(gift, "bench.gift", data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Questions) != 10000 {
			b.Fatalf("read %d questions", len(res.Questions))
		}
	}
}

// BenchmarkExportGIFT10k writes the same 10,000 questions back as GIFT.
func BenchmarkExportGIFT10k(b *testing.B) {
	gift, _ := Lookup("gift")
	res, err := Read(gift, "bench.gift", giftBenchFile(10000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WriteGIFT(io.Discard, res.Questions); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGIFTBenchFileReads(t *testing.T) {
	data := giftBenchFile(60)
	res := giftReadT(t, string(data))
	kinds := map[string]int{}
	for _, q := range res.Questions {
		kinds[string(q.Kind)]++
	}
	want := map[string]int{"single": 20, "multiple": 10, "truefalse": 10, "numeric": 10, "short": 10}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	if !bytes.Contains(data, []byte("$CATEGORY:")) {
		t.Error("no category lines")
	}
}
