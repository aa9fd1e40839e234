package bank

import (
	"context"
	"fmt"
	"io"

	"parquiz/questions"
	"parquiz/questions/format"
)

// Export writes the questions matching f to w in format fm and returns how
// many it wrote and how many the format could not hold (Aiken holds single
// choice only).
func (b *Bank) Export(ctx context.Context, w io.Writer, fm format.Format, f questions.Filter) (written, skipped int, err error) {
	qs, err := b.List(ctx, f)
	if err != nil {
		return 0, 0, err
	}
	if fm.Write == nil {
		return 0, 0, fmt.Errorf("export: the %s format cannot be written", fm.Name)
	}
	skipped, err = fm.Write(w, qs)
	if err != nil {
		return 0, 0, fmt.Errorf("export %s: %w", fm.Name, err)
	}
	return len(qs) - skipped, skipped, nil
}
