#!/usr/bin/env bash
# `npm run bench` (after tsc): Nightlight's MRT reader against Debian's `bgpdump -m` and
# plain decompression, on the same gzip and bzip2 corpora in one run.
#   BENCH_MB=100   compressed size of the large corpus in MB (the small one is 1/4 of it)
#   BENCH_RUNS=3   repetitions per command; the table shows medians
# Corpora are built once and cached in bench/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian tools the bench drives: the reference decoder, the decompressors, GNU time for peak RSS.
need=()
command -v bgpdump >/dev/null || need+=(bgpdump)
command -v bzip2 >/dev/null || need+=(bzip2)
command -v lbzip2 >/dev/null || need+=(lbzip2)
[ -x /usr/bin/time ] || need+=(time)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "== apt-get install ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

node bench/mrt-bench.mjs "$@"  # (was `exec`: the routing step below runs after it)

# ---------------------------------------------------------------- routing (issue 3)
# Replay throughput and peak memory at full scale: a ~53 M-entry RIB and ~20 M update
# elements built from the real prefixes of a 2023 full table (bench/routing-corpus.mjs).
# Scale down with BENCH_PEERS, BENCH_UPDATES, BENCH_BINS, BENCH_RUNS (see bench/routing-bench.mjs).
# Run on its own: node bench/routing-bench.mjs
node bench/routing-bench.mjs

# ---------------------------------------------------------------- store (issue 7)
# The schema-3 store against the one-row-per-point layout of the last release, in one run:
# bin commit time (~240 k series a bin), daily compaction, bytes per point, 30-day reads.
# Values: a real bin from the real 2023 prefixes, then a seeded walk (bench/store-bench-values.mjs).
# Scale down with BENCH_STORE_BINS, BENCH_LEGACY_BINS, BENCH_STORE_DAYS, BENCH_READS (see bench/store-bench.mjs).
# Run on its own: node bench/store-bench.mjs
node bench/store-bench.mjs

# ---------------------------------------------------------------- API (issue 8)
# `nightlight serve` over 30 days of 5-minute bins of ~250 countries and 10 000 ASNs,
# loaded by Debian's wrk from a second process, against a bare node:http server sending
# the same bytes (the floor): p50 / p90 / p99 per request kind.
# Scale with BENCH_API_DAYS, BENCH_API_ASNS, BENCH_API_SECONDS, BENCH_API_CONNECTIONS.
# Run on its own: node bench/api-bench.mjs
node bench/api-bench.mjs

# ---------------------------------------------------------------- serve (issue 8)
# `nightlight serve` ingesting three collectors of rrc00's size from a local archive (the
# routing corpus three times): the API's latency from this process, with the ingest in the
# serve thread and in its worker thread, and serve's peak memory.
# Scale with BENCH_SERVE_BINS (36), BENCH_PEERS, BENCH_UPDATES (see bench/serve-bench.mjs).
# Run on its own: node bench/serve-bench.mjs
node bench/serve-bench.mjs
