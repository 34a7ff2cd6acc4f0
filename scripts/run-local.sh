#!/usr/bin/env bash
# Runs the API locally: installs the pinned Azurite from npm into the repo, starts it with on-disk
# persistence (.azurite/), starts the server on http://127.0.0.1:7071 with the sample plans and a set of
# development keys (.local/dev-keys.env), and stops Azurite when the server stops (Ctrl+C).
set -euo pipefail
cd "$(dirname "$0")/.."

BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"

npm ci --no-audit --no-fund --loglevel=error
mkdir -p .local .azurite

node_modules/.bin/azurite --silent --skipApiVersionCheck --disableProductStyleUrl --location .azurite \
  --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" > .local/azurite.log 2>&1 &
AZURITE_PID=$!
cleanup() { kill "$AZURITE_PID" 2>/dev/null || true; wait "$AZURITE_PID" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

for _ in $(seq 1 120); do
  if (echo > "/dev/tcp/127.0.0.1/$TABLE_PORT") 2>/dev/null && (echo > "/dev/tcp/127.0.0.1/$BLOB_PORT") 2>/dev/null; then break; fi
  if ! kill -0 "$AZURITE_PID" 2>/dev/null; then echo "Azurite failed to start; see .local/azurite.log" >&2; cat .local/azurite.log >&2; exit 1; fi
  sleep 0.5
done

ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export ReportingStorage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${BLOB_PORT}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${TABLE_PORT}/devstoreaccount1;"
export DevKeys__File="$PWD/.local/dev-keys.json"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet run --project src/Reporting.Server -c Release -- "$@"
