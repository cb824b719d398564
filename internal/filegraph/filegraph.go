// Package filegraph finds loops of references between the files of one Go
// package. A package reads top-down when each of its files uses only what
// the files below it define; two files that use each other, directly or
// through others, are a loop. It is for tests: it runs the go command to
// find the package's files and the compiled form of its imports.
package filegraph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// A Tie is one file's use of names that another file of the package
// defines.
type Tie struct {
	From, To string   // the files' base names
	Names    []string // the names From uses, sorted
}

// String describes the tie, such as "a.go -> b.go (Client, newError)".
func (t Tie) String() string {
	return t.From + " -> " + t.To + " (" + strings.Join(t.Names, ", ") + ")"
}

// A Loop is a set of files that use each other, directly or through the
// others, with the ties among them.
type Loop struct {
	Files []string // sorted
	Ties  []Tie    // sorted by From, then To
}

// String describes the loop in one line per tie.
func (l Loop) String() string {
	lines := []string{"files " + strings.Join(l.Files, ", ") + " use each other:"}
	for _, t := range l.Ties {
		lines = append(lines, "  "+t.String())
	}
	return strings.Join(lines, "\n")
}

// listed is what go list reports of a package.
type listed struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	Error      *struct{ Err string }
}

// Loops returns the loops of references between the non-test files of the
// package in dir, for the build context of the go command that runs it;
// none when the package reads top-down. A reference is any use of a name
// the package defines at its top level, of a method or of a field, in a
// file other than the one that defines it. ctx bounds the go command.
func Loops(ctx context.Context, dir string) ([]Loop, error) {
	pkg, exports, err := list(ctx, dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	files := make([]*ast.File, 0, len(pkg.GoFiles))
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("filegraph: no compiled form of %s", path)
		}
		return os.Open(file) //nolint:gosec // G304: a file that go list named
	})
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	checked, err := (&types.Config{Importer: imp}).Check(pkg.ImportPath, fset, files, info)
	if err != nil {
		return nil, err
	}
	uses := map[[2]string]map[string]bool{}
	for id, obj := range info.Uses {
		if obj.Pkg() != checked || !obj.Pos().IsValid() || !declaredOutside(obj, checked) {
			continue
		}
		from := filepath.Base(fset.Position(id.Pos()).Filename)
		to := filepath.Base(fset.Position(obj.Pos()).Filename)
		if from == to {
			continue
		}
		k := [2]string{from, to}
		if uses[k] == nil {
			uses[k] = map[string]bool{}
		}
		uses[k][obj.Name()] = true
	}
	return loopsOf(uses), nil
}

// declaredOutside reports whether obj is declared outside every function:
// a name of the package's scope, a method, or a field.
func declaredOutside(obj types.Object, pkg *types.Package) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return true
	case *types.Var:
		return obj.IsField() || obj.Parent() == pkg.Scope()
	default:
		return obj.Parent() == pkg.Scope()
	}
}

// list runs go list on the package in dir and its dependencies, compiling
// them, and returns the package and the compiled form of each dependency by
// import path.
func list(ctx context.Context, dir string) (listed, map[string]string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-export", "-deps", "-json=ImportPath,Dir,Export,GoFiles,Error", ".")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return listed{}, nil, fmt.Errorf("filegraph: go list in %s: %w: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	exports := map[string]string{}
	var last listed
	for dec := json.NewDecoder(bytes.NewReader(out)); ; {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return listed{}, nil, fmt.Errorf("filegraph: reading go list: %w", err)
		}
		if p.Error != nil {
			return listed{}, nil, fmt.Errorf("filegraph: %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		last = p
	}
	// go list -deps lists a package after everything it imports.
	return last, exports, nil
}

// loopsOf returns the strongly connected sets of more than one file of the
// graph uses (Tarjan's algorithm), each with its ties.
func loopsOf(uses map[[2]string]map[string]bool) []Loop {
	next := map[string][]string{}
	var nodes []string
	seen := map[string]bool{}
	for k := range uses {
		next[k[0]] = append(next[k[0]], k[1])
		for _, n := range k {
			if !seen[n] {
				seen[n] = true
				nodes = append(nodes, n)
			}
		}
	}
	slices.Sort(nodes)
	index, low, onStack := map[string]int{}, map[string]int{}, map[string]bool{}
	var stack []string
	var loops []Loop
	var visit func(n string)
	visit = func(n string) {
		index[n], low[n] = len(index), len(index)
		stack = append(stack, n)
		onStack[n] = true
		for _, m := range next[n] {
			if _, done := index[m]; !done {
				visit(m)
				low[n] = min(low[n], low[m])
			} else if onStack[m] {
				low[n] = min(low[n], index[m])
			}
		}
		if low[n] != index[n] {
			return
		}
		var members []string
		for {
			m := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[m] = false
			members = append(members, m)
			if m == n {
				break
			}
		}
		if len(members) > 1 {
			loops = append(loops, loopOf(members, uses))
		}
	}
	for _, n := range nodes {
		if _, done := index[n]; !done {
			visit(n)
		}
	}
	slices.SortFunc(loops, func(a, b Loop) int { return strings.Compare(a.Files[0], b.Files[0]) })
	return loops
}

// loopOf returns the loop of members, with the ties of uses among them.
func loopOf(members []string, uses map[[2]string]map[string]bool) Loop {
	slices.Sort(members)
	l := Loop{Files: members}
	for k, names := range uses {
		if slices.Contains(members, k[0]) && slices.Contains(members, k[1]) {
			t := Tie{From: k[0], To: k[1]}
			for n := range names {
				t.Names = append(t.Names, n)
			}
			slices.Sort(t.Names)
			l.Ties = append(l.Ties, t)
		}
	}
	slices.SortFunc(l.Ties, func(a, b Tie) int {
		return strings.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To)
	})
	return l
}
