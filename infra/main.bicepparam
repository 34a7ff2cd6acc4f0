// Parameters for `azd provision` (azd prefers this file to a main.parameters.json). azd puts its environment
// (.azure/<env>/.env: AZURE_ENV_NAME, AZURE_LOCATION, AZURE_PRINCIPAL_ID, what `azd env set` added) into the
// process environment before compiling it. scripts/test.sh compiles it too (`bicep build-params`), with stand-ins.
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')

// Same names and defaults as the standalone server's settings (src/Reporting/Jobs/ScheduledJobs.cs).
param aggregationSchedule = readEnvironmentVariable('AGGREGATION_SCHEDULE', '0 */10 * * * *')
param reportSchedule = readEnvironmentVariable('REPORT_SCHEDULE', '0 0 2 * * *')

// Written by infra/hooks/postprovision.sh after it creates the sign-in app registration.
param entraClientId = readEnvironmentVariable('ENTRA_APP_CLIENT_ID', '')

// docs/deploy.md, section 3: false once everyone has Reporting.User and an assignment.
param legacyAppRoles = readEnvironmentVariable('LEGACY_APP_ROLES', 'true')
