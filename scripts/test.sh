#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite from npm into the repo (test fixtures start and stop their
# own emulators on free ports), writes the OpenAPI document, builds the web pages (typed from it) and lints
# the document, installs Debian's chromium and Noto fonts for the browser tests when missing, compiles and
# lints infra/ with the Bicep CLI (restored from NuGet), publishes functions/ once as azd deploys it (the
# metadata, package and logging tests read that package), then builds and runs the test project.
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

# Bicep: main.bicep and every module it deploys compile offline; the linter's recommended rules are errors
# (infra/bicepconfig.json), and any warning, the compiler's included, fails here too. infra/signin/entra.bicep
# needs the Microsoft Graph extension from a registry this machine cannot reach; azd compiles it in Azure.
started=$SECONDS
dotnet restore infra/tools/BicepCli.csproj --verbosity quiet
bicep=$(dotnet msbuild infra/tools/BicepCli.csproj -getProperty:BicepPath)
rm -rf .local/bicep && mkdir -p .local/bicep
bicep_check() {
  local out
  if ! out=$("$@" 2>&1) || grep -qE ": (Warning|Error) " <<< "$out"; then
    printf 'bicep: %s\n%s\n' "$*" "$out" >&2
    return 1
  fi
}
# Stand-ins for what azd puts in the environment when it compiles main.bicepparam.
export AZURE_ENV_NAME=ci AZURE_LOCATION=southeastasia
bicep_check "$bicep" build infra/main.bicep --outdir .local/bicep
bicep_check "$bicep" build-params infra/main.bicepparam --outfile .local/bicep/main.parameters.json
bicep_check "$bicep" lint infra/main.bicep
bicep_check "$bicep" lint --pattern 'infra/app/*.bicep'
bicep_check "$bicep" lint infra/main.bicepparam
unset AZURE_ENV_NAME AZURE_LOCATION
echo "bicep: infra/main.bicep, its $(find infra/app -name "*.bicep" | wc -l) modules and main.bicepparam build and lint clean ($((SECONDS - started)) s)"

# functions/ published once, exactly as azd publishes it (`dotnet publish -c Release -o DIR`; the project makes
# it linux-x64, framework-dependent). Every warning is an error; the SDK's generated WorkerExtensions project
# tolerates NU1603 only (see functions/Reporting.Functions.csproj).
started=$SECONDS
rm -rf .local/functions-package
dotnet publish functions/Reporting.Functions.csproj -c Release -o .local/functions-package -warnaserror --verbosity quiet
echo "functions: published to .local/functions-package ($((SECONDS - started)) s)"
export FUNCTIONS_PACKAGE_DIR="$PWD/.local/functions-package"

set +e
dotnet test tests/Reporting.Tests/Reporting.Tests.csproj -c Release --logger "console;verbosity=normal" 2>&1 | tee .local/test-output.log
status=${PIPESTATUS[0]}
set -e
# One plain closing line a reader (or CI) can count on, from VSTest's "Total tests / Passed / Failed / Skipped" block.
count() { grep -E "^ +$1: +[0-9]+" .local/test-output.log | tail -n 1 | grep -oE "[0-9]+" || echo 0; }
# CI keeps only the tail of the output: each failed test is named again here with the first lines of its message.
if grep -qE "^ +Failed [A-Za-z]" .local/test-output.log; then
  echo "failed tests:"
  awk '/^ +Failed [A-Za-z]/ { print; n = 60; next } /^ +Stack Trace:/ { n = 0 } n > 0 && !/^ +(Passed|Skipped) / { print "    " $0; n-- }' .local/test-output.log | cut -c1-300
fi
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
