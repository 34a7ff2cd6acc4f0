#!/bin/sh
# azd's postprovision hook (azure.yaml): the Entra ID app registration people sign in with, then, the first time,
# App Service Authentication in front of the app.
#
# The registration is declared in infra/signin/entra.bicep with the Microsoft Graph Bicep extension, which comes
# from a registry; it lives outside main.bicep so that main.bicep and everything it deploys compile offline
# (scripts/test.sh). It needs the app's host name and identity, so it runs after main.bicep; main.bicep's outputs
# arrive here as environment variables. Deploying it again is harmless: it updates the same registration
# (its uniqueName), e.g. with the focal point role of a new member state.
#
# Sign-in needs the registration's client ID, which main.bicep only learns from the azd environment
# (ENTRA_APP_CLIENT_ID, read by main.bicepparam). The first time, this script stores it there and switches sign-in
# on itself, then lets the API trust the sign-in principal, in that order; every later `azd provision` does both
# from main.bicep (infra/app/api.bicep).
set -eu

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME API_HOST_NAME AZURE_IDENTITY_PRINCIPAL_ID ENTRA_APP_UNIQUE_NAME ENTRA_APP_DISPLAY_NAME; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "postprovision: $name is not set; run this through azd (azd provision / azd up), after main.bicep has deployed." >&2
    exit 1
  fi
done

echo "postprovision: app registration '$ENTRA_APP_DISPLAY_NAME' (infra/signin/entra.bicep)"
client_id=$(az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name signin-registration \
  --template-file infra/signin/entra.bicep \
  --parameters uniqueName="$ENTRA_APP_UNIQUE_NAME" displayName="$ENTRA_APP_DISPLAY_NAME" \
               hostName="$API_HOST_NAME" identityPrincipalId="$AZURE_IDENTITY_PRINCIPAL_ID" \
  --query properties.outputs.clientId.value --output tsv)
if [ -z "$client_id" ]; then
  echo "postprovision: the app registration deployment returned no client ID" >&2
  exit 1
fi

if [ "${ENTRA_APP_CLIENT_ID:-}" = "$client_id" ]; then
  echo "postprovision: sign-in already uses $client_id (main.bicep keeps it on)"
  exit 0
fi

azd env set ENTRA_APP_CLIENT_ID "$client_id"
echo "postprovision: switching App Service Authentication on with $client_id"
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name signin-auth \
  --template-file infra/app/auth.bicep \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" clientId="$client_id" \
  --output none
# Only now that the platform strips client copies of X-MS-CLIENT-PRINCIPAL may the API trust it.
az functionapp config appsettings set \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "$AZURE_FUNCTION_APP_NAME" \
  --settings Access__TrustAppServiceAuthentication=true \
  --output none
echo "postprovision: sign-in is on; the next 'azd provision' keeps it on from main.bicep"
