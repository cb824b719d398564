#!/usr/bin/env bash
# bench.sh: runs the benchmarks that BENCHMARKS.md reports, and prints their
# tables.
#
#   scripts/bench.sh [OUTDIR]
#
# The clients' benchmarks (module bench/) run in COUNT rounds (default 6). In
# each round, every client runs every (transport, workload) benchmark once, one
# process each, the clients of one workload back to back, in an order that
# rotates from round to round: a slow spell on a shared machine then hits every
# client alike, and the ratios between them stay fair. The fake's and the bulk
# import's benchmarks are interleaved the same way. Raw results go to OUTDIR
# (default bench/results); the summary (medians, ratios, targets) and
# benchstat's tables (medians with confidence intervals) go to
# OUTDIR/report.md and to stdout.
#
# BENCHTIME (default 1s) is each benchmark's -benchtime. EXTRA_CLIENTS names
# more contenders of the benchmark module to interleave with the five, such
# as "before" for a copy of an earlier package api (see BENCHMARKS.md,
# "Before and after"). BENCHSTAT is the
# benchstat command; the Makefile sets it to a pinned `go run`, which keeps it
# out of every go.mod.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-6}
benchtime=${BENCHTIME:-1s}
out=${1:-bench/results}
: "${BENCHSTAT:?set BENCHSTAT to the benchstat command, e.g. via make bench}"
read -r -a benchstat <<<"$BENCHSTAT"

mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

echo "bench: building the test binaries" >&2
(cd bench && go test -c -o "$bin/clients.test" .)
go test -c -o "$bin/apitest.test" ./api/apitest
go test -c -o "$bin/cli.test" ./cmd/invites

# run DIR BINARY OUTFILE ARGS... runs one benchmark process in DIR and appends
# its result lines to OUTFILE; on failure it shows the whole output and stops.
run() {
	local dir=$1 binary=$2 outfile=$3
	shift 3
	local log
	log=$(cd "$dir" && "$bin/$binary" -test.run '^$' -test.benchmem -test.count 1 "$@" 2>&1) || {
		printf '%s\n' "$log" >&2
		echo "bench: $binary $* failed" >&2
		exit 1
	}
	grep -E '^(goos|goarch|pkg|cpu|Benchmark)' <<<"$log" >>"$outfile"
}

model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
{
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Machine: ${model:-unknown CPU}, $(nproc) logical CPUs, $(uname -sm)"
	echo "- Go: $(go version | cut -d' ' -f3-)"
	echo "- Command: \`make bench COUNT=$count BENCHTIME=$benchtime\` ($count interleaved rounds, -benchtime $benchtime)"
} >"$out/env.md"

clients=(baseline baseline-sdk api gen openai-go)
read -r -a extra <<<"${EXTRA_CLIENTS:-}"
clients+=("${extra[@]}")
: >"$out/clients.txt"
for ((r = 0; r < count; r++)); do
	echo "bench: clients, round $((r + 1)) of $count" >&2
	for transport in memory loopback; do
		for op in get list100 create delete walk10k; do
			for ((k = 0; k < ${#clients[@]}; k++)); do
				c=${clients[(r + k) % ${#clients[@]}]}
				run bench clients.test "$out/clients.txt" -test.benchtime "$benchtime" \
					-test.bench "^BenchmarkClients\$/^transport=$transport\$/^op=$op\$/^client=$c\$"
			done
		done
	done
done

echo "bench: live heap of a walk of 10,000 and of 100,000 invites" >&2
: >"$out/heap.txt"
run bench clients.test "$out/heap.txt" -test.benchtime 1x -test.bench '^BenchmarkWalkHeap$'

echo "bench: the fake" >&2
: >"$out/apitest.txt"
for ((r = 0; r < count; r++)); do
	for b in ServeGet ServeList100; do
		run api/apitest apitest.test "$out/apitest.txt" -test.benchtime "$benchtime" -test.bench "^Benchmark$b\$"
	done
	for op in get list100; do
		run api/apitest apitest.test "$out/apitest.txt" -test.benchtime "$benchtime" -test.bench "^BenchmarkServer\$/^op=$op\$"
	done
done

echo "bench: bulk import" >&2
: >"$out/import.txt"
for ((r = 0; r < count; r++)); do
	for c in 1 4 8; do
		run cmd/invites cli.test "$out/import.txt" -test.benchtime 1x -test.bench "^BenchmarkImport\$/^concurrency=$c\$"
	done
done

# The pacing tables run in virtual time (testing/synctest): their figures are
# the service's minutes, not this machine's, so one run each is enough.
echo "bench: pacing, in virtual time" >&2
(cd bench && go test -count=1 -run '^TestPaceTable$' -v .) | sed -n 's/^ *\(|.*|\)$/\1/p' >"$out/pace.md"
{
	echo "| limit | ideal | import's wall time | / ideal | refused | failed |"
	echo "| --- | --- | --- | --- | --- | --- |"
	go test -count=1 -run '^TestImportAtTheServicePace$' -v ./cmd/invites | sed -n 's/^ *bulkpace_test.go:[0-9]*: \(|.*|\)$/\1/p' | sort
} >"$out/pace-cli.md"

{
	echo "## Results"
	echo
	cat "$out/env.md"
	echo
	(cd bench && go run ./cmd/benchsummary "$out/clients.txt" "$out/heap.txt" "$out/apitest.txt" "$out/import.txt")
	cd "$out" # benchstat names its columns after the files
	for transport in memory loopback; do
		echo "### benchstat: $transport transport, each client against the baseline"
		echo
		echo '```'
		"${benchstat[@]}" -filter "/transport:$transport" -row /op -col '/client@(baseline baseline-sdk api gen openai-go)' clients.txt
		echo '```'
		echo
		echo "### benchstat: $transport transport, openai-go and baseline-sdk against api"
		echo
		echo '```'
		"${benchstat[@]}" -filter "/transport:$transport .unit:sec/op" -row /op -col '/client@(api openai-go baseline-sdk)' clients.txt
		echo '```'
		echo
		if [[ " ${extra[*]} " == *" before "* ]]; then
			echo "### benchstat: $transport transport, before (the copy of an earlier package api) against api"
			echo
			echo '```'
			"${benchstat[@]}" -filter "/transport:$transport" -row /op -col '/client@(before api)' clients.txt
			echo '```'
			echo
		fi
	done
	echo "### Pacing: 50 creates, 4 at a time, at 7 a minute (virtual time, median of 5 runs)"
	echo
	cat "$out/pace.md"
	echo
	echo "### Pacing: \`invites import\` of 50 rows at 7 a minute (virtual time)"
	echo
	cat "$out/pace-cli.md"
	echo
	echo "### benchstat: the fake, and the bulk import by concurrency"
	echo
	echo '```'
	"${benchstat[@]}" -filter '.unit:sec/op' apitest.txt
	"${benchstat[@]}" -filter '.unit:sec/op' -col /concurrency import.txt
	echo '```'
} >"$out/report.md"
cat "$out/report.md"
