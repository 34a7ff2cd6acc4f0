#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite from npm into the repo (test fixtures start and stop their
# own emulators on free ports), writes the OpenAPI document, builds the web pages (typed from it) and lints
# the document, installs Debian's chromium and Noto fonts for the browser tests when missing, then builds
# and runs the test project. functions/ is not built here:
# its packages are not on this workplace's NuGet mirror (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

npm ci --no-audit --no-fund --loglevel=error
npm ci --prefix web --no-audit --no-fund --loglevel=error
# The pages' API types are generated from the document the server serves, so a schema change that breaks a page fails
# here; the document is then linted (Redocly recommended, Spectral spectral:oas): no error, no warning.
./scripts/openapi.sh
npm run --prefix web build
npm run --silent --prefix web lint:api

# Playwright drives Debian's chromium (its own browser download cannot work here); Noto covers Thai, Lao, Khmer, Myanmar.
if ! command -v chromium > /dev/null || ! dpkg -s fonts-noto-core > /dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core > /dev/null
fi
mkdir -p .local
set +e
dotnet test tests/Reporting.Tests/Reporting.Tests.csproj -c Release --logger "console;verbosity=normal" 2>&1 | tee .local/test-output.log
status=${PIPESTATUS[0]}
set -e
# One plain closing line a reader (or CI) can count on, from VSTest's "Total tests / Passed / Failed / Skipped" block.
count() { grep -E "^ +$1: +[0-9]+" .local/test-output.log | tail -n 1 | grep -oE "[0-9]+" || echo 0; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
