package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/seed-a87280d7/invites/internal/version"
)

var versionCommand = &command{
	name:    "version",
	summary: "print the version, as --version does",
	help: `
Print the version of invites, from the Go build info: the module version (a
tag such as v0.1.0 when installed from one), the commit it was built from and
that commit's time, whether the tree had uncommitted changes ("modified"),
and the Go toolchain that built it.`,
	example: `
invites version`,
	offline: true,
	bind:    func(*flag.FlagSet) runFunc { return runVersion },
}

func runVersion(_ context.Context, c *cli, args []string) error {
	if err := noArguments("version", args); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, version.Get().String())
	return nil
}
