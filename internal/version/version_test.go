package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	t.Parallel()
	clone := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: ModulePath, Version: "v0.0.0-20261206185800-28cf6e1abc12+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "28cf6e1abc12"},
			{Key: "vcs.time", Value: "2026-12-06T18:58:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	dependency := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "example.com/tool", Version: "(devel)"},
		Deps:      []*debug.Module{{Path: "golang.org/x/text", Version: "v0.40.0"}, {Path: ModulePath, Version: "v0.1.0"}},
	}
	replaced := &debug.BuildInfo{
		Main: debug.Module{Path: "example.com/tool"},
		Deps: []*debug.Module{{Path: ModulePath, Version: "v0.1.0", Replace: &debug.Module{Path: "../invites", Version: ""}}},
	}
	tests := []struct {
		name  string
		bi    *debug.BuildInfo
		want  string
		short string
	}{
		{"clone", clone, "invites v0.0.0-20261206185800-28cf6e1abc12+dirty (commit 28cf6e1abc12, committed 2026-12-06T18:58:00Z, modified) go1.26.8", "v0.0.0-20261206185800-28cf6e1abc12+dirty"},
		{"installed tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: ModulePath, Version: "v0.2.0"}}, "invites v0.2.0 go1.26.8", "v0.2.0"},
		{"dependency", dependency, "invites v0.1.0 go1.26.8", "v0.1.0"},
		{"replaced dependency keeps the required version", replaced, "invites v0.1.0 ", "v0.1.0"},
		{"no module version", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: ModulePath}}, "invites (devel) go1.26.8", "devel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := fromBuildInfo(tt.bi)
			if tt.bi.GoVersion == "" {
				got.GoVersion = ""
			}
			if s := got.String(); s != tt.want {
				t.Errorf("String() = %q, want %q", s, tt.want)
			}
			if s := got.Short(); s != tt.short {
				t.Errorf("Short() = %q, want %q", s, tt.short)
			}
		})
	}
}

func TestNoBuildInfo(t *testing.T) {
	t.Parallel()
	if got := fromBuildInfo(nil).Version; got != "(devel)" {
		t.Errorf("Version = %q, want (devel)", got)
	}
}
