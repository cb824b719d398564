package flags

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
)

// New returns a flag set that reports errors to its caller instead of
// printing them.
func New(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// ParseUntilCommand parses the flags before the command name and returns
// the rest of the arguments, starting with the command name.
func ParseUntilCommand(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(attachValues(fs, args)); err != nil {
		return nil, checkHelp(fs, err, args)
	}
	return fs.Args(), nil
}

// ParseInterspersed parses flags wherever they appear among the arguments,
// as in "invites get ID -o json", and returns the positional arguments.
// Everything after "--" is positional.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	args = attachValues(fs, args)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, checkHelp(fs, err, args)
		}
		rest := fs.Args()
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// attachValues rewrites a one-letter flag written with its value attached,
// such as -n2 or -ojson, as -n=2 and -o=json, which the flag package reads.
// Words after "--", flags of more than one letter and one-letter flags that
// take no value are left as they are.
func attachValues(fs *flag.FlagSet, args []string) []string {
	var out []string
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && !strings.Contains(a, "=") && fs.Lookup(a[1:]) == nil {
			if f := fs.Lookup(a[1:2]); f != nil && !IsBool(f) {
				a = a[:2] + "=" + a[2:]
			}
		}
		out = append(out, a)
	}
	return out
}

// IsBool reports whether f takes no value, as --yes.
func IsBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// checkHelp keeps flag.ErrHelp as it is and rewrites other errors about
// args.
func checkHelp(fs *flag.FlagSet, err error, args []string) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return rewrite(fs, err, args)
}

// rewrite rewrites the flag package's errors to spell flags as the help
// does, with two dashes (one for a one-letter flag), and suggests the flag
// of fs closest to an unknown one. An unknown flag is spelt as args have
// it: -yn2 stays -yn2.
func rewrite(fs *flag.FlagSet, err error, args []string) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		spelt := Dashes(name)
		if slices.ContainsFunc(args, func(a string) bool { return a == "-"+name || strings.HasPrefix(a, "-"+name+"=") }) {
			spelt = "-" + name
		}
		msg = "unknown flag " + spelt
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := Suggest(name, names); s != "" {
			msg += " (did you mean " + Dashes(s) + "?)"
		}
		return errors.New(msg)
	}
	for _, prefix := range []string{"flag needs an argument: -", " for flag -"} {
		if before, name, ok := strings.Cut(msg, prefix); ok {
			name, rest, _ := strings.Cut(name, ":")
			if rest != "" {
				rest = ":" + rest
			}
			label := strings.Replace(prefix, "flag needs an argument: -", "flag needs a value: ", 1)
			label = strings.Replace(label, " for flag -", " for flag ", 1)
			return errors.New(before + label + Dashes(name) + rest)
		}
	}
	return errors.New(msg)
}

// Dashes writes a flag's name as the help does: -o, --output.
func Dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// Alias adds the one-letter form short of the flag long, bound to the same
// value, so that "-o json" and "--output json" set one variable.
func Alias(fs *flag.FlagSet, long, short string) {
	f := fs.Lookup(long)
	fs.Var(f.Value, short, f.Usage)
}

// Short returns the one-letter form of f in fs, or "".
func Short(fs *flag.FlagSet, f *flag.Flag) string {
	var short string
	fs.VisitAll(func(g *flag.Flag) {
		if len(g.Name) == 1 && g.Value == f.Value && g != f {
			short = g.Name
		}
	})
	return short
}

// IsAlias reports whether f is the one-letter form of another flag of fs.
func IsAlias(fs *flag.FlagSet, f *flag.Flag) bool {
	if len(f.Name) != 1 {
		return false
	}
	alias := false
	fs.VisitAll(func(g *flag.Flag) {
		if len(g.Name) > 1 && g.Value == f.Value {
			alias = true
		}
	})
	return alias
}
