#!/usr/bin/env bash
# Runs the API locally: installs the pinned Azurite from npm into the repo, starts it with on-disk
# persistence (.azurite/), builds the web pages (web/), starts the server on http://127.0.0.1:7071 (pages at
# /api/web/) with the sample plans and a set of development keys (.local/dev-keys.env), and stops Azurite
# when the server stops (Ctrl+C).
set -euo pipefail
cd "$(dirname "$0")/.."

BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"

mkdir -p .local .azurite
npm ci --no-audit --no-fund --loglevel=error
npm ci --prefix web --no-audit --no-fund --loglevel=error
./scripts/openapi.sh
npm run --prefix web build > .local/web-build.log 2>&1 || { cat .local/web-build.log >&2; exit 1; }

node_modules/.bin/azurite --silent --skipApiVersionCheck --disableProductStyleUrl --location .azurite \
  --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" > .local/azurite.log 2>&1 &
AZURITE_PID=$!
SERVER_PID=""
cleanup() {
  trap - EXIT INT TERM
  set +e
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  # Azurite saves its on-disk store when SIGINT closes it, then can linger on open handles: wait for the
  # "closed" lines (a bare SIGKILL would lose up to 5 s of saved writes), then end it.
  kill -s INT "$AZURITE_PID" 2>/dev/null
  for _ in $(seq 1 40); do
    [ "$(grep -c 'service successfully closed' .local/azurite.log)" -ge 3 ] && break
    kill -0 "$AZURITE_PID" 2>/dev/null || break
    sleep 0.25
  done
  kill -s KILL "$AZURITE_PID" 2>/dev/null
  wait "$AZURITE_PID" 2>/dev/null
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 120); do
  if (echo > "/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null && (echo > "/dev/tcp/127.0.0.1/$BLOB_PORT") 2>/dev/null; then break; fi
  if ! kill -0 "$AZURITE_PID" 2>/dev/null; then echo "Azurite failed to start; see .local/azurite.log" >&2; cat .local/azurite.log >&2; exit 1; fi
  sleep 0.5
done

ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export ReportingStorage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${BLOB_PORT}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${TABLE_PORT}/devstoreaccount1;"
export DevKeys__File="$PWD/.local/dev-keys.json"
export Web__Root="$PWD/web/dist"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/Reporting.Server -c Release --nologo -v quiet
# Run the built server directly (not through `dotnet run`) so a stop signal reaches it.
dotnet src/Reporting.Server/bin/Release/net10.0/Reporting.Server.dll "$@" &
SERVER_PID=$!
wait "$SERVER_PID"
