// Package par is parquiz's shipped default question bank on public
// administration reform (cải cách hành chính, PAR): Vietnamese questions in
// parquiz's JSON interchange format, one file per topic, embedded in the
// binary. Every question cites the document its key comes from (the fact
// IDs refer to the project's verified fact sheet par_facts.md) and explains
// why the key is right. The bank package loads it into a new database on
// first use.
package par

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"parquiz/questions"
	"parquiz/questions/format"
)

// SetName is the set name the shipped questions carry unless a file's
// questions name another set.
const SetName = "par-default"

// dir is where the files live in the source tree; it prefixes file names in
// error messages so a maintainer can open the file straight away.
const dir = "questions/par"

//go:embed *.json
var files embed.FS

// Files lists the embedded question files, sorted by name (which is also
// topic order: 01-…, 02-…).
func Files() []string { return jsonFiles(files) }

func jsonFiles(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		// The embedded FS root always exists; an error here is a build defect.
		panic(fmt.Sprintf("par: reading embedded files: %v", err))
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".json" {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// Version identifies this build's default bank: a digest of the embedded
// files' names and contents. A database records the version it holds, so
// that a corrected question reaches databases made by older builds
// (bank.UpdateDefault).
func Version() string {
	versionOnce.Do(func() { version = digest(files) })
	return version
}

func digest(fsys fs.FS) string {
	h := sha256.New()
	for _, name := range jsonFiles(fsys) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(fmt.Sprintf("par: reading embedded %s: %v", name, err))
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

var (
	versionOnce sync.Once
	version     string
)

// ReadFile returns the raw bytes of one embedded file, for tests and for
// "export the default bank as it ships".
func ReadFile(name string) ([]byte, error) {
	return files.ReadFile(name)
}

// Load parses, normalises and validates every embedded file and returns all
// their questions in file order, with set name SetName unless a question
// names its own set. If any file has a problem, Load returns no questions
// and an error listing every problem as "questions/par/FILE:LINE: message"
// (format.Errors, reachable with errors.As).
func Load() ([]questions.Question, error) { return load(files) }

// load is Load over any file system, so tests can feed it broken files.
func load(fsys fs.FS) ([]questions.Question, error) {
	jsonFormat, err := format.Lookup("json")
	if err != nil {
		return nil, fmt.Errorf("par: %w", err)
	}
	var (
		all  []questions.Question
		errs []error
	)
	for _, name := range jsonFiles(fsys) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path.Join(dir, name), err))
			continue
		}
		res, err := format.Read(jsonFormat, path.Join(dir, name), data, format.Options{Set: SetName})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		all = append(all, res.Questions...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("par: the shipped question bank has errors:\n%w", errors.Join(errs...))
	}
	return all, nil
}
