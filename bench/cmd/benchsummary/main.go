// Command benchsummary reads the output of the benchmarks that `make bench`
// runs and prints, in Markdown, the medians of each benchmark, their ratios
// to the floor and to openai-go, and whether each target of BENCHMARKS.md is
// met.
//
//	go run ./cmd/benchsummary results/clients.txt results/heap.txt results/apitest.txt results/import.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// sample is one benchmark result line's values, by unit.
type sample map[string]float64

// results holds every sample, by benchmark name without the -GOMAXPROCS
// suffix.
type results map[string][]sample

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchsummary FILE...")
		os.Exit(2)
	}
	res := results{}
	for _, name := range os.Args[1:] {
		f, err := os.Open(name) //nolint:gosec // G304, G703: reads the files its user names, as any command-line tool
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		err = res.read(f)
		_ = f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
	}
	var b strings.Builder
	failed := res.report(&b)
	if _, err := os.Stdout.WriteString(b.String()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "benchsummary: %d target(s) missed\n", failed)
	}
}

// read adds the benchmark lines of r: "BenchmarkName-N  iterations  value unit  value unit ...".
func (res results) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		s := sample{}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return fmt.Errorf("%q: %w", sc.Text(), err)
			}
			s[f[i+1]] = v
		}
		res[name] = append(res[name], s)
	}
	return sc.Err()
}

// median returns the median of unit over the samples of name, and how many
// there were.
func (res results) median(name, unit string) (float64, int) {
	var vs []float64
	for _, s := range res[name] {
		if v, ok := s[unit]; ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, 0
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], n
	}
	return (vs[n/2-1] + vs[n/2]) / 2, n
}

var (
	clients = []string{"baseline", "baseline-sdk", "api", "gen", "openai-go"}
	ops     = []string{"get", "list100", "create", "delete", "walk10k"}
)

func clientName(transport, op, client string) string {
	return "BenchmarkClients/transport=" + transport + "/op=" + op + "/client=" + client
}

// verdict writes a ratio and whether it meets its bound (at most, or at least).
func verdict(failed *int, ratio, bound float64, atMost bool) string {
	ok := ratio <= bound
	rel := "≤"
	if !atMost {
		ok = ratio >= bound
		rel = "≥"
	}
	mark := "met"
	if !ok {
		mark = "**missed**"
		*failed++
	}
	return fmt.Sprintf("%.2f× (%s %.2f: %s)", ratio, rel, bound, mark)
}

func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

// report prints every table it has data for and returns how many targets
// were missed.
func (res results) report(w *strings.Builder) (failed int) {
	for _, transport := range []string{"memory", "loopback"} {
		if _, n := res.median(clientName(transport, "get", "baseline"), "ns/op"); n == 0 {
			continue
		}
		_, n := res.median(clientName(transport, "get", "api"), "ns/op")
		if transport == "memory" {
			fmt.Fprintf(w, "### In-memory transport (pure client overhead), medians of %d interleaved runs\n\n", n)
			fmt.Fprintln(w, "| workload | baseline | baseline-sdk | api | gen | openai-go | api ÷ baseline, time | api ÷ baseline, allocs | openai-go ÷ api, time | api ÷ baseline-sdk, time |")
			fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
		} else {
			fmt.Fprintf(w, "### Loopback HTTP server, medians of %d interleaved runs\n\n", n)
			fmt.Fprintln(w, "| workload | baseline | baseline-sdk | api | gen | openai-go | api ÷ baseline, time | openai-go ÷ api, time | api ÷ baseline-sdk, time |")
			fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
		}
		for _, op := range ops {
			ns := map[string]float64{}
			allocs := map[string]float64{}
			cells := []string{op}
			for _, c := range clients {
				ns[c], _ = res.median(clientName(transport, op, c), "ns/op")
				allocs[c], _ = res.median(clientName(transport, op, c), "allocs/op")
				cells = append(cells, fmt.Sprintf("%s, %.0f allocs", duration(ns[c]), allocs[c]))
			}
			timeBound := 1.50
			if op == "list100" || op == "walk10k" || transport == "loopback" {
				timeBound = 1.15
			}
			cells = append(cells, verdict(&failed, ns["api"]/ns["baseline"], timeBound, true))
			if transport == "memory" {
				if op == "list100" || op == "walk10k" {
					cells = append(cells, verdict(&failed, allocs["api"]/allocs["baseline"], 1.2, true))
				} else {
					cells = append(cells, fmt.Sprintf("%.2f×", allocs["api"]/allocs["baseline"]))
				}
				cells = append(cells, verdict(&failed, ns["openai-go"]/ns["api"], 2, false))
			} else {
				cells = append(cells, fmt.Sprintf("%.2f×", ns["openai-go"]/ns["api"]))
			}
			cells = append(cells, fmt.Sprintf("%.2f×", ns["api"]/ns["baseline-sdk"]))
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		fmt.Fprintln(w)
	}

	if _, n := res.median("BenchmarkWalkHeap/client=api/invites=10000", "live-B"); n > 0 {
		fmt.Fprintln(w, "### Live heap kept by a walk, at its peak (after GC)")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| client | 10,000 invites | 100,000 invites | 100k ÷ 10k |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, c := range clients {
			small, _ := res.median("BenchmarkWalkHeap/client="+c+"/invites=10000", "live-B")
			large, _ := res.median("BenchmarkWalkHeap/client="+c+"/invites=100000", "live-B")
			ratio := fmt.Sprintf("%.2f×", large/small)
			if c == "api" {
				ratio = verdict(&failed, large/small, 1.25, true)
			}
			fmt.Fprintf(w, "| %s | %.1f KB | %.1f KB | %s |\n", c, small/1024, large/1024, ratio)
		}
		fmt.Fprintln(w)
	}

	var served []string
	for name := range res {
		if strings.HasPrefix(name, "BenchmarkServe") {
			served = append(served, name)
		}
	}
	if len(served) > 0 {
		slices.Sort(served)
		fmt.Fprintln(w, "### The fake (api/apitest), full request and response validation")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| benchmark | time per request | requests per second (one core) | allocs per request |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, name := range served {
			ns, n := res.median(name, "ns/op")
			allocs, _ := res.median(name, "allocs/op")
			fmt.Fprintf(w, "| %s (%d runs) | %s | %.0f | %.0f |\n", strings.TrimPrefix(name, "Benchmark"), n, duration(ns), 1e9/ns, allocs)
		}
		fmt.Fprintln(w)
	}

	if one, n := res.median("BenchmarkImport/concurrency=1", "ns/op"); n > 0 {
		fmt.Fprintf(w, "### Bulk import of 200 rows, 20 ms latency per request, medians of %d runs\n\n", n)
		fmt.Fprintln(w, "| concurrency | time | rows/s | speedup over concurrency 1 |")
		fmt.Fprintln(w, "| --- | --- | --- | --- |")
		for _, c := range []string{"1", "4", "8"} {
			ns, k := res.median("BenchmarkImport/concurrency="+c, "ns/op")
			if k == 0 {
				continue
			}
			rows, _ := res.median("BenchmarkImport/concurrency="+c, "rows/s")
			speedup := fmt.Sprintf("%.2f×", one/ns)
			if c == "4" {
				speedup = verdict(&failed, one/ns, 3.5, false)
			}
			fmt.Fprintf(w, "| %s | %s | %.0f | %s |\n", c, duration(ns), rows, speedup)
		}
		fmt.Fprintln(w)
	}
	return failed
}
