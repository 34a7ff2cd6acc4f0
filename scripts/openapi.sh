#!/usr/bin/env bash
# Writes the OpenAPI document the server serves (GET /api/openapi.json) to web/openapi.json, from the C# types and
# the catalog, without starting the server or storage. The web build generates the pages' API types from it
# (openapi-typescript), and `npm run lint:api` lints it; test.sh and run-local.sh run this first.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p .local
dotnet build src/Reporting.Server -c Release --nologo -v quiet > .local/openapi-build.log 2>&1 || { cat .local/openapi-build.log >&2; exit 1; }
dotnet src/Reporting.Server/bin/Release/net10.0/Reporting.Server.dll --openapi web/openapi.json
