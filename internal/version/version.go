// Package version tells which version of this module a binary holds, from
// the Go build info, so the CLI's "invites version" and the SDK's User-Agent
// say the same thing.
//
// The version is, in order of preference: the one `make release` stamps with
// -ldflags "-X github.com/seed-a87280d7/invites/internal/version.stamped=vX.Y.Z";
// the module version the Go command recorded (a tag such as v0.1.0 when
// installed with `go install …@v0.1.0`, or a pseudo-version derived from the
// commit when built from a clone); "(devel)" when the build recorded none.
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

// stamped is the version `make release` sets through the linker; empty
// otherwise.
var stamped string

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
	return fromBuildInfo(bi, stamped)
}

// fromBuildInfo is Get for a given build info and stamped version.
func fromBuildInfo(bi *debug.BuildInfo, stamped string) Info {
	info := Info{Version: "(devel)", GoVersion: runtime.Version()}
	if bi == nil {
		if stamped != "" {
			info.Version = normalise(stamped)
		}
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
	if stamped != "" {
		info.Version = normalise(stamped)
	}
	return info
}

// normalise gives a version its leading "v", as Go module versions have.
func normalise(v string) string {
	if v != "" && !strings.HasPrefix(v, "v") && v[0] >= '0' && v[0] <= '9' {
		return "v" + v
	}
	return v
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
