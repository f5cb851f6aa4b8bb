#!/usr/bin/env bash
# Proves every benchmark starts and runs one iteration (BenchmarkDotNet's dry job, in process so
# no per-benchmark project is generated). Not a measurement: see bench/README.md for those.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --no-build --project bench/NumAgents.Instrumentation.Benchmarks -- \
  --filter '*' --job Dry --inProcess --noOverwrite --artifacts artifacts/bench-dry "$@"
