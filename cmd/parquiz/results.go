package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"

	"parquiz/internal/i18n"
	"parquiz/internal/report"
	"parquiz/quiz"
)

func init() { commands = append(commands, newResultsCmd) }

func newResultsCmd(app *App) *cobra.Command {
	var id, format, out, dataDir string
	cmd := &cobra.Command{
		Use:   "results [--contest ID] --format csv|xlsx -o FILE",
		Short: "Xuất kết quả hội thi / export contest results",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			if format != "csv" && format != "xlsx" {
				return usageError{errors.New("--format must be csv or xlsx")}
			}
			if out == "" {
				return usageError{errors.New("-o FILE is required")}
			}
			if dataDir == "" {
				dataDir = filepath.Dir(app.DBPath)
			}
			path, err := findResults(dataDir, id)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var res quiz.Results
			if err := json.Unmarshal(data, &res); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			files, err := report.Write(out, format, res, lang)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.ErrOrStderr(), lang.T("results.written", strings.Join(files, ", ")))
			return nil
		},
	}
	cmd.Flags().StringVar(&id, "contest", "", "contest ID (a folder under DATA/contests; default: the latest)")
	cmd.Flags().StringVar(&format, "format", "xlsx", "csv or xlsx")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (never overwritten)")
	cmd.Flags().StringVar(&dataDir, "data-dir", "", "data dir of parquiz serve (default: beside --db)")
	return cmd
}

// findResults finds the results.json of contest id, or of the latest one.
func findResults(dataDir, id string) (string, error) {
	root := filepath.Join(dataDir, "contests")
	if id != "" {
		p := filepath.Join(root, filepath.Base(norm.NFC.String(id)), "results.json")
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("no results for contest %q in %s: %w", id, root, err)
		}
		return p, nil
	}
	ents, err := os.ReadDir(root)
	if err != nil {
		return "", fmt.Errorf("no contest has been served from %s yet: %w", dataDir, err)
	}
	var ids []string
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(root, e.Name(), "results.json")); e.IsDir() && err == nil {
			ids = append(ids, e.Name())
		}
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("no contest results in %s", root)
	}
	sort.Strings(ids) // IDs start with the date and time
	return filepath.Join(root, ids[len(ids)-1], "results.json"), nil
}
