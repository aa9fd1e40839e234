package main

import (
	"errors"

	"github.com/spf13/cobra"

	"parquiz/internal/i18n"
	"parquiz/questions/format"
)

// sizeFlag is a --max-size or --max-cell value: bytes, or a number with
// KB, MB or GB (binary units, as format.ParseSize reads them).
type sizeFlag struct{ n *int64 }

func (s sizeFlag) String() string {
	if s.n == nil || *s.n == 0 {
		return ""
	}
	return format.FormatSize(*s.n)
}

func (s sizeFlag) Set(v string) error {
	n, err := format.ParseSize(v)
	if err != nil {
		return errors.New(i18n.VI.T("limits.bad_size", v) + " / " + i18n.EN.T("limits.bad_size", v))
	}
	*s.n = n
	return nil
}

func (sizeFlag) Type() string { return "size" }

// limitFlags are --max-size and --max-cell, the limits on imported files.
type limitFlags struct{ size, cell int64 }

func (lf *limitFlags) add(c *cobra.Command) {
	c.Flags().Var(sizeFlag{&lf.size}, "max-size", both("limits.flag.max_size"))
	c.Flags().Var(sizeFlag{&lf.cell}, "max-cell", both("limits.flag.max_cell"))
}

// limits are the flags as format.Limits (zero: the defaults).
func (lf *limitFlags) limits() format.Limits {
	return format.Limits{MaxSize: lf.size, MaxCell: int(min(lf.cell, 1<<40))}
}
