package questions

// Filter selects questions for listing, export and the bank browser. Empty
// fields match everything. Topic matches the topic and its sub-topics
// ("CCHC" matches "CCHC/Một cửa"). Search is diacritic- and
// case-insensitive over the stem, the options and the source.
type Filter struct {
	Set        string
	Topic      string
	Kind       Kind
	Difficulty int // 0 = any
	Search     string
	Limit      int // 0 = no limit
	Offset     int
}

// DrawSpec says what a round draws from the bank: which sets and topics,
// and how many questions of each difficulty (Mix) or, when Mix is empty,
// Count questions of any difficulty. The same spec and Seed always give
// the same questions in the same order, without repeats.
type DrawSpec struct {
	Sets   []string
	Topics []string // topic prefixes, as in Filter.Topic
	Kinds  []Kind   // empty = every kind
	Mix    map[int]int
	Count  int
	Seed   int64
	// Exclude lists content hashes already used (e.g. by an earlier round).
	Exclude []string
}

// Total is the number of questions the spec asks for.
func (d DrawSpec) Total() int {
	if len(d.Mix) == 0 {
		return d.Count
	}
	n := 0
	for _, c := range d.Mix {
		n += c
	}
	return n
}

// Stats counts the questions of a bank.
type Stats struct {
	Total        int            `json:"total"`
	ByTopic      map[string]int `json:"by_topic"`
	ByDifficulty map[int]int    `json:"by_difficulty"`
	ByKind       map[Kind]int   `json:"by_kind"`
	BySet        map[string]int `json:"by_set"`
}
