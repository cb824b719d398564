package flags

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// PrintFlags prints the flags of fs with their one-letter forms,
// placeholders, usage and non-zero defaults, aligned.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		if IsAlias(fs, f) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		left := "    --" + f.Name
		if short := Short(fs, f); short != "" {
			left = "-" + short + ", --" + f.Name
		}
		if name != "" {
			left += " " + strings.ToUpper(name)
		}
		if def := f.DefValue; def != "" && def != "0" && def != "0s" && def != "false" && def != "[]" {
			if d, err := time.ParseDuration(def); err == nil {
				def = durationtext.Short(d)
			}
			usage += " (default " + def + ")"
		}
		_, _ = fmt.Fprintf(tw, "  %s\t%s\n", left, usage)
	})
	_ = tw.Flush()
}
