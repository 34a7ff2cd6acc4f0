// The Flex Consumption function app (functions/) and its settings. Every setting the code reads in Azure
// is here, in identity-based form; InfraSettingsTests fail when the code gains a setting this file lacks.
param name string
param location string = resourceGroup().location
param tags object = {}
param planId string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@description('One app setting per core timer job: name = ScheduledJob.ScheduleSetting, value = NCrontab.')
param scheduleSettings object

param maximumInstanceCount int = 40

@description('Access__LegacyAppRoles: the older app roles still count as assignments to every plan (docs/deploy.md, section 3).')
param legacyAppRoles string = 'true'
param instanceMemoryMB int = 2048

@description('Application (client) ID of the sign-in app registration; empty until infra/hooks/postprovision.sh has created it. With it, App Service Authentication is switched on and only then does the API trust its principal header.')
param signInClientId string = ''

// Only behind App Service Authentication may the API trust X-MS-CLIENT-PRINCIPAL: the platform strips client
// copies of it only when sign-in is on. Without a registration the header is ignored and API keys still work.
var trustAppServiceAuthentication = !empty(signInClientId)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy functions/ to by this tag (azure.yaml: services.api).
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // On Flex Consumption the runtime lives here; FUNCTIONS_WORKER_RUNTIME must not be an app setting.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

var baseSettings = {
  // The Functions host's own storage, through the identity (no AzureWebJobsStorage connection string).
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId

  // The API's data (src/Reporting/Storage/StorageOptions.cs, section ReportingStorage).
  ReportingStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  ReportingStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  ReportingStorage__credential: 'managedidentity'
  ReportingStorage__clientId: identityClientId

  // Telemetry signed with the identity: Application Insights has local auth disabled.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

  // App Service Authentication (auth.bicep) sits in front and strips client copies of
  // X-MS-CLIENT-PRINCIPAL, so the API may trust it (src/Reporting/Access/AccessOptions.cs).
  Access__TrustAppServiceAuthentication: trustAppServiceAuthentication ? 'true' : 'false'
  Access__LegacyAppRoles: legacyAppRoles
  // Sign-in proves the app registration with the identity (federated credential), not a client secret.
  OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID: identityClientId
  WEBSITE_AUTH_AAD_ALLOWED_TENANTS: tenant().tenantId

  // `/` answers an empty 204 instead of the host's "Your Functions app is up and running" page. The pages are at
  // /api/web/ (main.bicep's WEB_URL): a Functions app cannot serve or redirect its root (docs/deploy.md).
  AzureWebJobsDisableHomepage: 'true'
}

// Sign-in is on before the settings that trust it are written.
module auth './auth.bicep' = if (trustAppServiceAuthentication) {
  name: 'auth'
  params: {
    functionAppName: site.name
    clientId: signInClientId
  }
}

// Replaces the whole set on every provision: a setting added by hand (e.g. Access__BootstrapAdminKey)
// is gone after the next `azd provision`, which is what docs/deploy.md relies on.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(baseSettings, scheduleSettings)
  dependsOn: [
    auth
  ]
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
