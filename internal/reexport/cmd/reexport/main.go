// Command reexport writes package api's re-export file (api/types.gen.go)
// from openapi.yaml and the code oapi-codegen generated from it. go generate
// runs it in gen/, right after oapi-codegen.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/seed-a87280d7/invites/internal/reexport"
)

func main() {
	specPath := flag.String("spec", "", "the OpenAPI document (openapi.yaml)")
	genPath := flag.String("gen", "", "the code oapi-codegen generated from it")
	out := flag.String("out", "", "the file to write")
	flag.Parse()
	if err := run(*specPath, *genPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "reexport:", err)
		os.Exit(1)
	}
}

// run generates the file out from the files specPath and genPath.
func run(specPath, genPath, out string) error {
	if specPath == "" || genPath == "" || out == "" {
		return fmt.Errorf("usage: reexport -spec openapi.yaml -gen invites.gen.go -out types.gen.go")
	}
	spec, err := os.ReadFile(specPath) //nolint:gosec // the file go generate names
	if err != nil {
		return err
	}
	gen, err := os.ReadFile(genPath) //nolint:gosec // the file go generate names
	if err != nil {
		return err
	}
	src, err := reexport.Generate(reexport.Options{
		Spec:      spec,
		Gen:       gen,
		GenImport: "github.com/seed-a87280d7/invites/gen",
		Package:   "api",
		Source:    "openapi.yaml and gen/invites.gen.go",
	})
	if err != nil {
		return err
	}
	return reexport.WriteFile(out, src)
}
