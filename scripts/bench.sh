#!/usr/bin/env bash
# Benchmarks (not tests): each starts a private Azurite and prints ratios measured side by side in one run.
#   ./scripts/bench.sh                      all four: aggregation, write, report, then evaluation
#   ./scripts/bench.sh --only aggregation   raw SDK scan vs full aggregation, incremental run, peak memory;
#                                           options --plans 20 --states 11 --years 5 --indicators 40
#   ./scripts/bench.sh --only write         raw SDK transactions vs full PUTs through the HTTP API at the same concurrency:
#                                           rates, ratio (goal >= 0.80), API p50/p99, server peak memory, where the time goes;
#                                           options --clients 16 --writes 120 (per client) --indicators 40
#   ./scripts/bench.sh --only report        an end-of-plan report for 11 states x 5 years x 80 indicators: time beyond the
#                                           storage calls (goal < 2 s) and peak memory at half and full size, side by side;
#                                           options --states 11 --years 5 --indicators 80
#   ./scripts/bench.sh --only evaluation    15 plans of 15 bodies against the ASCC Blueprint 2025: the evaluation against
#                                           reading their stored aggregates alone (goal <= 1.2x), and the contribution rows
#                                           computed and rewritten after one plan changes (goal: that plan's share only);
#                                           options --plans 15 --states 11 --years 5 --indicators 40
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
npm ci --no-audit --no-fund --loglevel=error
dotnet run --project bench/Reporting.Bench -c Release -- "$@"
