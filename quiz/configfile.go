package quiz

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"parquiz/questions"
)

// The contest file's shape (YAML). Keys are documented in
// README.md ("Hội thi") and examples/contest.yaml.
type fileConfig struct {
	Title     string   `yaml:"title"`
	Organiser string   `yaml:"organiser"`
	Date      string   `yaml:"date"`
	Grace     duration `yaml:"grace"`
	// BoardPassword protects board@ (optional).
	BoardPassword string      `yaml:"board_password"`
	TieBreak      []string    `yaml:"tie_break"`
	Units         fileUnits   `yaml:"units"`
	Rounds        []fileRound `yaml:"rounds"`
	// Limits are the SSH server's access limits (access_limits.go).
	Limits *fileLimits `yaml:"limits"`
}

type fileUnits struct {
	Method string `yaml:"method"`
	K      int    `yaml:"k"`
}

type fileRound struct {
	Title              string         `yaml:"title"`
	Kind               string         `yaml:"kind"`
	Draw               fileDraw       `yaml:"draw"`
	Time               duration       `yaml:"time"`
	Read               duration       `yaml:"read"`
	Shuffle            string         `yaml:"shuffle"`
	Points             *int           `yaml:"points"`
	PointsByDifficulty map[string]int `yaml:"points_by_difficulty"`
	Penalty            int            `yaml:"penalty"`
	AllowChange        bool           `yaml:"allow_change"`
	Streak             *fileStreak    `yaml:"streak"`
	Revives            *int           `yaml:"revives"`
	EndWhenLeft        *int           `yaml:"end_when_left"`
	Target             string         `yaml:"target"`
	Question           *fileQuestion  `yaml:"question"`
}

type fileDraw struct {
	Sets   []string       `yaml:"sets"`
	Topics []string       `yaml:"topics"`
	Kinds  []string       `yaml:"kinds"`
	Count  int            `yaml:"count"`
	Mix    map[string]int `yaml:"mix"`
	Seed   *int64         `yaml:"seed"`
}

type fileStreak struct {
	Step int `yaml:"step"`
	Cap  int `yaml:"cap"`
}

type fileQuestion struct {
	Text        string   `yaml:"text"`
	Answer      *float64 `yaml:"answer"`
	Tolerance   float64  `yaml:"tolerance"`
	Topic       string   `yaml:"topic"`
	Explanation string   `yaml:"explanation"`
	Source      string   `yaml:"source"`
}

// duration reads "30s", "1m30s" or a plain number of seconds.
type duration time.Duration

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		*d = duration(time.Duration(f * float64(time.Second)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration (30s, 1m30s or seconds)", n.Line, s)
	}
	*d = duration(v)
	return nil
}

// difficultyNames maps the accepted difficulty words to 1–3.
var difficultyNames = map[string]int{
	"1": questions.Easy, "easy": questions.Easy, "dễ": questions.Easy, "de": questions.Easy,
	"2": questions.Medium, "medium": questions.Medium, "trung bình": questions.Medium, "trung binh": questions.Medium,
	"3": questions.Hard, "hard": questions.Hard, "khó": questions.Hard, "kho": questions.Hard,
}

// Defaults applied by ParseConfig when the file leaves a key out.
const (
	DefaultSpeedPoints   = 1000
	DefaultClassicPoints = 10
	DefaultStreakStep    = 100
	DefaultStreakCap     = 500
)

var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)$`)

// ParseConfig reads a contest file. name is used in messages. Every
// problem is reported (as *ConfigError, joined), with its line and field.
// ReadConfigFile reads a contest file, refusing one larger than
// MaxConfigSize before reading it (a wrong file, a log, a database).
func ReadConfigFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxConfigSize {
		return nil, errors.Join(&ConfigError{File: name, Key: "contest.err.too_big", Args: []any{int(fi.Size()), MaxConfigSize}})
	}
	return io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
}

// MaxConfigSize bounds a contest file: the full example with every key
// and comment is 8 KB; inline prediction questions add little.
const MaxConfigSize = 1 << 20

func ParseConfig(name string, data []byte) (Config, error) {
	if len(data) > MaxConfigSize {
		return Config{}, errors.Join(&ConfigError{File: name, Key: "contest.err.too_big", Args: []any{len(data), MaxConfigSize}})
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, yamlErrors(name, err)
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)

	cfg := Config{
		Title:     questions.CleanLine(fc.Title),
		Organiser: questions.CleanLine(fc.Organiser),
		Date:      questions.CleanLine(fc.Date),
		Grace:     time.Duration(fc.Grace),
		// NFC like every text; spaces at the ends are a typo, not a password
		BoardPassword: strings.TrimSpace(questions.NFC(fc.BoardPassword)),
		Units:         UnitRule{Method: UnitMethod(strings.ToLower(strings.TrimSpace(fc.Units.Method))), K: fc.Units.K},
	}
	if cfg.Units.Method == "" {
		cfg.Units.Method = UnitSum
	}
	for _, k := range fc.TieBreak {
		cfg.TieBreak = append(cfg.TieBreak, TieKey(strings.ToLower(strings.TrimSpace(k))))
	}
	if len(cfg.TieBreak) == 0 {
		cfg.TieBreak = append([]TieKey(nil), DefaultTieBreak...)
	}
	var errs []error
	var limErrs []error
	cfg.Limits, limErrs = fc.Limits.config()
	errs = append(errs, limErrs...)
	for i, fr := range fc.Rounds {
		r, es := fr.config(i, cfg)
		errs = append(errs, es...)
		r.Line = lineOf(&root, "rounds", i)
		cfg.Rounds = append(cfg.Rounds, r)
	}
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		ces := ConfigErrors(errors.Join(errs...))
		out := make([]error, 0, len(ces))
		for _, ce := range ces {
			ce.File = name
			if ce.Line == 0 {
				ce.Line = fieldLine(&root, ce.Field)
			}
			out = append(out, ce)
		}
		return Config{}, errors.Join(out...)
	}
	return cfg, nil
}

func (fr fileRound) config(i int, c Config) (RoundConfig, []error) {
	var errs []error
	add := func(f, key string, args ...any) { errs = append(errs, cfgErr(roundField(i, f), key, args...)) }
	r := RoundConfig{
		Title:       questions.CleanLine(fr.Title),
		Kind:        RoundKind(strings.ToLower(strings.TrimSpace(fr.Kind))),
		TimeLimit:   time.Duration(fr.Time),
		ReadTime:    time.Duration(fr.Read),
		Shuffle:     ShuffleMode(strings.ToLower(strings.TrimSpace(fr.Shuffle))),
		Penalty:     fr.Penalty,
		AllowChange: fr.AllowChange,
		Target:      TargetKind(strings.ToLower(strings.TrimSpace(fr.Target))),
	}
	if r.Title == "" {
		r.Title = fmt.Sprintf("%d", i+1)
	}
	if r.Shuffle == "" {
		r.Shuffle = ShuffleNone
	}
	switch {
	case fr.Points != nil:
		r.Points = *fr.Points
	case r.Kind == Speed:
		r.Points = DefaultSpeedPoints
	case r.Kind == Prediction:
		r.Points = 0
	default:
		r.Points = DefaultClassicPoints
	}
	for k, p := range fr.PointsByDifficulty {
		d, ok := difficultyNames[strings.ToLower(strings.TrimSpace(k))]
		if !ok {
			add("points_by_difficulty", "contest.err.difficulty", k)
			continue
		}
		if r.PointsByDifficulty == nil {
			r.PointsByDifficulty = map[int]int{}
		}
		r.PointsByDifficulty[d] = p
	}
	if fr.Streak != nil {
		r.StreakStep, r.StreakCap = fr.Streak.Step, fr.Streak.Cap
	} else if r.Kind == Speed {
		r.StreakStep, r.StreakCap = DefaultStreakStep, DefaultStreakCap
	}
	if r.Kind == Elimination {
		r.Revives, r.EndWhenLeft = 1, 1
	}
	if fr.Revives != nil {
		r.Revives = *fr.Revives
	}
	if fr.EndWhenLeft != nil {
		r.EndWhenLeft = *fr.EndWhenLeft
	}
	if r.Kind == Prediction && r.Target == "" {
		r.Target = TargetHost
	}
	d := questions.DrawSpec{Count: fr.Draw.Count}
	for _, s := range fr.Draw.Sets {
		d.Sets = append(d.Sets, questions.CleanLine(s))
	}
	for _, t := range fr.Draw.Topics {
		d.Topics = append(d.Topics, questions.CleanTopic(t))
	}
	for _, k := range fr.Draw.Kinds {
		d.Kinds = append(d.Kinds, questions.Kind(strings.ToLower(strings.TrimSpace(k))))
	}
	// in key order: a map's own order changes from run to run, and with it
	// the order of the errors
	for _, k := range slices.Sorted(maps.Keys(fr.Draw.Mix)) {
		n := fr.Draw.Mix[k]
		diff, ok := difficultyNames[strings.ToLower(strings.TrimSpace(k))]
		if !ok {
			add("draw.mix", "contest.err.difficulty", k)
			continue
		}
		if n < 0 {
			add("draw.mix", "contest.err.mix_count_named", k, n)
			continue
		}
		if d.Mix == nil {
			d.Mix = map[int]int{}
		}
		d.Mix[diff] += n
	}
	if fr.Draw.Seed != nil {
		d.Seed = *fr.Draw.Seed
	} else {
		// a stable default, so that validate shows the plan the contest plays
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%s\x00%d", c.Title, c.Date, i)
		d.Seed = int64(h.Sum64() >> 1)
	}
	r.Draw = d
	if q := fr.Question; q != nil {
		iq := questions.Question{Text: q.Text, Kind: questions.KindNumeric, Topic: q.Topic, Difficulty: questions.Medium,
			Explanation: q.Explanation, Source: q.Source}
		if iq.Topic == "" {
			iq.Topic = "Dự đoán"
		}
		if q.Answer != nil {
			iq.Number = questions.Numeric{Value: *q.Answer, Tolerance: q.Tolerance}
		} else if r.Target == TargetKey {
			add("question.answer", "contest.err.question_key")
		}
		iq.Normalize()
		r.Inline = []questions.Question{iq}
	}
	return r, errs
}

// yamlErrors turns the YAML decoder's errors into ConfigErrors.
func yamlErrors(name string, err error) error {
	var lines []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var out []error
	for _, l := range lines {
		ce := &ConfigError{File: name, Key: "contest.err.yaml"}
		l = strings.TrimPrefix(l, "yaml: ")
		if m := yamlLine.FindStringSubmatch("yaml: " + l); m != nil {
			ce.Line, _ = strconv.Atoi(m[1])
			l = m[2]
		} else if m := regexp.MustCompile(`line (\d+): (.*)$`).FindStringSubmatch(l); m != nil {
			ce.Line, _ = strconv.Atoi(m[1])
			l = m[2]
		}
		ce.Args = []any{l}
		out = append(out, ce)
	}
	return errors.Join(out...)
}

// lineOf finds the line of a node by a path of mapping keys and sequence
// indexes; 0 if absent.
func lineOf(root *yaml.Node, path ...any) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, p := range path {
		switch p := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return line
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || p >= len(n.Content) {
				return line
			}
			n = n.Content[p]
			line = n.Line
		}
	}
	return line
}

var fieldPart = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?$`)

// fieldLine resolves a Field such as "rounds[2].draw.count" (rounds
// counted from 1) to a line, falling back to the nearest parent found.
func fieldLine(root *yaml.Node, field string) int {
	var path []any
	for _, part := range strings.Split(field, ".") {
		m := fieldPart.FindStringSubmatch(part)
		if m == nil {
			break
		}
		path = append(path, m[1])
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			path = append(path, i-1)
		}
	}
	return lineOf(root, path...)
}
