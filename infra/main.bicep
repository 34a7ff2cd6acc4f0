// The whole deployment for `azd up`: one resource group holding a Flex Consumption (FC1, Linux) function
// app running functions/ on dotnet-isolated 10.0, its storage, monitoring and sign-in.
// No keys or connection strings anywhere: every service is reached with one user-assigned identity.
// Every module is in this repository, so `bicep build` compiles it offline (scripts/test.sh does). The one thing
// that needs a registry, the Entra ID app registration (Microsoft Graph Bicep extension), is infra/signin/entra.bicep,
// deployed after this by azure.yaml's postprovision hook (infra/hooks/postprovision.sh).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; used for the resource group name and to make resource names unique.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption: `az functionapp list-flexconsumption-locations`.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the person running azd (AZURE_PRINCIPAL_ID). Gets data access to the storage account so they can inspect tables and blobs; leave empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
@description('What principalId is: a person running azd, or a pipeline\'s service principal.')
param principalType string = 'User'

@description('NCrontab (6 fields, UTC) for the incremental aggregation job. Same setting name and default as the standalone server.')
param aggregationSchedule string = '0 */10 * * * *'

@description('NCrontab (6 fields, UTC) for report generation (annual and end-of-plan reports once windows lock). Same setting name and default as the standalone server.')
param reportSchedule string = '0 0 2 * * *'

@description('Upper bound on instances, so a burst of requests cannot scale costs without limit.')
param maximumInstanceCount int = 40

@description('Honour the app roles of before assignments (Reporting.Admin, .Secretariat, .FocalPoint.{ISO3}) as assignments to every plan. Set false once everyone has Reporting.User and an assignment.')
@allowed([
  'true'
  'false'
])
param legacyAppRoles string = 'true'

@description('Application (client) ID of the sign-in app registration (infra/signin/entra.bicep). Empty on the first provision: the postprovision hook creates the registration, stores its ID in the azd environment (ENTRA_APP_CLIENT_ID) and switches sign-in on; later provisions keep it on from here.')
param entraClientId string = ''

var abbreviations = {
  resourceGroup: 'rg-'
  identity: 'id-'
  plan: 'plan-'
  functionApp: 'func-'
  storage: 'st'
  logAnalytics: 'log-'
  appInsights: 'appi-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbreviations.functionApp}reporting-${resourceToken}'

// Every timer job of the core (src/Reporting/Jobs/ScheduledJobs.cs) needs its schedule setting here:
// the Functions host refuses to index a timer whose %Setting% is missing. InfraSettingsTests checks it.
var scheduleSettings = {
  AggregationSchedule: aggregationSchedule
  ReportSchedule: reportSchedule
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbreviations.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

// The app's only identity: storage (host and data), Application Insights and the sign-in credential.
module identity './app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbreviations.identity}reporting-${resourceToken}'
    location: location
    tags: tags
  }
}

module plan './app/plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbreviations.plan}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbreviations.storage}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbreviations.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbreviations.appInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    scheduleSettings: scheduleSettings
    maximumInstanceCount: maximumInstanceCount
    legacyAppRoles: legacyAppRoles
    signInClientId: entraClientId
  }
  // The host reads its storage and writes telemetry with the identity from its first start.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output API_BASE_URL string = 'https://${api.outputs.defaultHostName}/api'
// The web pages. The site root `/` is the Functions host's (an empty 204 with AzureWebJobsDisableHomepage): a
// Functions app cannot serve or redirect its root while its routes live under /api (docs/deploy.md).
output WEB_URL string = 'https://${api.outputs.defaultHostName}/api/web/'

// For infra/hooks/postprovision.sh (the sign-in app registration).
output ENTRA_APP_CLIENT_ID string = entraClientId
output ENTRA_APP_UNIQUE_NAME string = 'asean-reporting-${environmentName}-${resourceToken}'
output ENTRA_APP_DISPLAY_NAME string = 'ASEAN work-plan reporting (${environmentName})'
output API_HOST_NAME string = api.outputs.defaultHostName
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
