#!/usr/bin/env bash
# Runs the performance benchmarks on a benchmark ledger of 10k, 100k or 1M
# tickets, building what is missing first (data/benchledger: the demo county,
# then tickets imported through the product's own import, each with its
# history and audit rows). Not part of test.sh: the 1M ledger takes about an
# hour to build and some 11 GB; build it once and keep it (BENCH_DIR).
#
#   bash scripts/bench.sh [10k|100k|1m]      (default 100k; COUNT=5 rounds)
#
# The import benchmark reads the 29-column export of another ledger (10k
# tickets of another seed); the peak memory of import and export is that of
# the real program, read by /usr/bin/time. Run it when the machine is quiet
# (uptime) and quote the median of the rounds with their spread.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_packages time fontconfig
setup_fandol
setup_go
cd "$REPO_DIR"

size="${1:-100k}"
case "$size" in
10k) n=10000 ;;
100k) n=100000 ;;
1m) n=1000000 ;;
*)
	echo "用法：bash scripts/bench.sh [10k|100k|1m]" >&2
	exit 2
	;;
esac
dir="${BENCH_DIR:-$HOME/.cache/xiaoneng-bench}"
count="${COUNT:-5}"
mkdir -p "$dir"
ledger="$dir/ledger-$size.db"
other="$dir/other-10k.db"

if [ ! -f "$ledger" ]; then
	nice -n 10 go run ./data/benchledger -n "$n" -o "$ledger"
fi
if [ ! -f "$dir/other-1.xlsx" ]; then
	[ -f "$other" ] || nice -n 10 go run ./data/benchledger -n 10000 -seed 1 -o "$other"
	nice -n 10 go run ./data/benchledger -o "$other" -export "$dir/other"
fi

export XIAONENG_BENCH_LEDGER="$ledger" XIAONENG_BENCH_IMPORT="$dir/other-1.xlsx"
nice -n 10 go test -tags ci ./data/store -run '^$' -bench '^BenchmarkLedger$' -benchtime 20x -count "$count"
nice -n 10 go test -tags ci ./reports/importer -run '^$' -bench '^BenchmarkImportExportedRows$' -benchtime 1x -count "$count"
nice -n 10 go test -tags ci ./cli -run '^$' -bench '^BenchmarkPrintProcess$' -benchtime 20x -count "$count"
nice -n 10 go test -tags ci ./reports/gongwen -run '^$' -bench '^Benchmark(OnePageNotice|Batch500)$' -benchmem -count "$count"

# peak memory of the real program: import into a copy, export to .xlsx
bin="$dir/xiaoneng"
nice -n 10 go build -o "$bin" .
copy="$dir/import-copy.db"
trap 'rm -f "$copy" "$copy-wal" "$copy-shm" "$dir/export.xlsx"' EXIT
for _ in $(seq "$count"); do
	cp "$ledger" "$copy"
	/usr/bin/time -f "import 10k rows: %e s, %M KB" nice -n 10 "$bin" -db "$copy" import complaints "$XIAONENG_BENCH_IMPORT" >/dev/null
	/usr/bin/time -f "export complaints .xlsx: %e s, %M KB" nice -n 10 "$bin" -db "$ledger" export complaints "$dir/export.xlsx" >/dev/null
done
