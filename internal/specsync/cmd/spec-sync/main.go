// Command spec-sync makes openapi.yaml from OpenAI's published OpenAPI
// description, the project's declared differences (spec/overlay.yaml) and
// its own prose (spec/prose.yaml), regenerates the code and reports what
// changed; with -check it fails when openapi.yaml is not what the sync makes
// from the facts kept in spec/upstream.yaml. Run it from the module root,
// through `make spec-sync UPSTREAM=FILE` and `make check-spec`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"

	"github.com/seed-a87280d7/invites/internal/specsync"
)

func main() {
	upstream := flag.String("upstream", "", "OpenAI's openapi.yaml (or "+specsync.FactsFile+" to re-run from the kept facts)")
	check := flag.Bool("check", false, "only check that "+specsync.SpecFile+" is what the sync makes from "+specsync.FactsFile)
	flag.Parse()
	if err := run(*upstream, *check); err != nil {
		fmt.Fprintln(os.Stderr, "spec-sync:", err)
		os.Exit(1)
	}
}

// run checks or syncs the module in the current directory.
func run(upstream string, check bool) error {
	if check {
		if err := specsync.Check("."); err != nil {
			return err
		}
		fmt.Println("spec-sync: openapi.yaml and the differences table of docs/spec.md are what the sync makes from", specsync.FactsFile)
		return nil
	}
	if upstream == "" {
		return fmt.Errorf("-upstream: the path of OpenAI's openapi.yaml is required")
	}
	report, err := specsync.Sync(context.Background(), specsync.Options{Root: ".", Upstream: upstream, Generate: generate})
	if err != nil {
		return err
	}
	return report.Write(os.Stdout)
}

// generate runs `go generate ./...`, as `make generate` does.
func generate(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, "go", "generate", "./...")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
