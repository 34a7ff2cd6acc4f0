#!/usr/bin/env bash
# Benchmarks (not tests): loads a synthetic data set into a private Azurite and prints ratios measured side by
# side in one run. Options: --plans 20 --states 11 --years 5 --indicators 40.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
npm ci --no-audit --no-fund --loglevel=error
dotnet run --project bench/Reporting.Bench -c Release -- "$@"
