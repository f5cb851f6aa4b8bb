#!/usr/bin/env bash
# Proves every benchmark starts and runs one iteration (BenchmarkDotNet's dry job, in process so
# no per-benchmark project is generated). Not a measurement: see bench/README.md for those.
set -euo pipefail
cd "$(dirname "$0")/.."
# The analyzer benchmarks compile a synthetic project; a dry run only proves they start, so keep it small.
export NUMAGENTS_ANALYZER_BENCH_FILES="${NUMAGENTS_ANALYZER_BENCH_FILES:-40}"
dotnet run -c Release --no-build --project bench/NumAgents.Instrumentation.Benchmarks -- \
  --filter '*' --job Dry --inProcess --noOverwrite --artifacts artifacts/bench-dry "$@"
