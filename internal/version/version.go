// Package version tells which version of this module a binary holds, from
// the Go build info, so the CLI's "invites version" and the SDK's User-Agent
// say the same thing.
//
// The version is the module version the Go command recorded: a tag such as
// v0.1.0 when installed with `go install …@v0.1.0` or built from a clone
// whose HEAD that tag names (as `make release` does), a pseudo-version
// derived from the commit when built from another clone; "(devel)" when the
// build recorded none. Nothing stamps it otherwise, so a binary's version
// and its build info (`go version -m`) can never disagree.
// The commit, its time and whether the tree was modified come from the VCS
// settings the Go command records when it builds a main package in a clone.
package version

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// ModulePath is this module's path, as go.mod declares it.
const ModulePath = "github.com/seed-a87280d7/invites"

// Info is what a binary knows of the version of this module it holds.
type Info struct {
	// Version is a SemVer version with its leading "v" (v0.1.0), a Go
	// pseudo-version, or "(devel)".
	Version string
	// Commit is the full VCS revision the binary was built from, or empty
	// when the build recorded none (go run, go test, a module dependency).
	Commit string
	// Time is the commit's time in RFC 3339, or empty.
	Time string
	// Modified reports whether the work tree had uncommitted changes.
	Modified bool
	// GoVersion is the version of the Go toolchain that built the binary.
	GoVersion string
}

// Get returns the version information of the running binary.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(bi)
}

// fromBuildInfo is Get for a given build info.
func fromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: "(devel)", GoVersion: runtime.Version()}
	if bi == nil {
		return info
	}
	if bi.GoVersion != "" {
		info.GoVersion = bi.GoVersion
	}
	if bi.Main.Path == ModulePath {
		if v := bi.Main.Version; v != "" {
			info.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.time":
				info.Time = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	} else {
		for _, d := range bi.Deps {
			if d.Path != ModulePath {
				continue
			}
			if d.Replace != nil && d.Replace.Version != "" {
				d = d.Replace
			}
			if d.Version != "" {
				info.Version = d.Version
			}
		}
	}
	return info
}

// Short returns the version alone, with "+dirty" when the tree was modified
// and the version does not already say so, and "devel" for "(devel)": what a
// User-Agent carries, whose product version may not hold parentheses.
func (i Info) Short() string {
	v := strings.Trim(i.Version, "()")
	if i.Modified && !strings.HasSuffix(v, "+dirty") {
		v += "+dirty"
	}
	return v
}

// String returns the one line "invites version" prints: the version, the
// commit and its time, whether the tree was modified, and the Go toolchain.
// The commit's time stands for the build time: a build that recorded the
// clock would not be reproducible.
func (i Info) String() string {
	var b strings.Builder
	b.WriteString("invites ")
	b.WriteString(i.Version)
	if i.Commit != "" {
		b.WriteString(" (commit ")
		b.WriteString(i.Commit)
		if i.Time != "" {
			b.WriteString(", committed ")
			b.WriteString(i.Time)
		}
		if i.Modified {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	b.WriteString(" ")
	b.WriteString(i.GoVersion)
	return b.String()
}
