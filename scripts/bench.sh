#!/usr/bin/env bash
# Benchmarks (not tests): each starts a private Azurite and prints ratios measured side by side in one run.
#   ./scripts/bench.sh                      both, aggregation first, then write
#   ./scripts/bench.sh --only aggregation   raw SDK scan vs full aggregation, incremental run, peak memory;
#                                           options --plans 20 --states 11 --years 5 --indicators 40
#   ./scripts/bench.sh --only write         raw SDK transactions vs full PUTs through the HTTP API at the same concurrency:
#                                           rates, ratio (goal >= 0.80), API p50/p99, server peak memory, where the time goes;
#                                           options --clients 16 --writes 120 (per client) --indicators 40
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
npm ci --no-audit --no-fund --loglevel=error
dotnet run --project bench/Reporting.Bench -c Release -- "$@"
