// The storage account for both the Functions host (AzureWebJobsStorage, deployment package) and the API's
// data. Shared-key access is off: everything, the host included, authenticates with Entra ID.
param name string
param location string = resourceGroup().location
param tags object = {}

// src/Reporting/Storage/ReportingTables.cs (AllNames). Created here because the app's identity gets data
// roles only; the app's own create-if-missing at start then finds them. Keep in step (InfraSettingsTests).
// Note: StorageOptions.Prefix must stay empty in Azure, or the app would look for prefixed names.
var tableNames = [
  'plans'
  'submissions'
  'windows'
  'apikeys'
  'idempotency'
  'jobstate'
  'aggregates'
  'assignments'
  'comments'
]

// src/Reporting/Storage/ReportingBlobs.cs (AllNames): job leases and generated reports. None is public.
var containerNames = [
  'jobs'
  'reports'
]

// Flex Consumption reads the app package from here (azd deploy uploads it through the platform).
var deploymentContainerName = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in concat(containerNames, [deploymentContainerName]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerName string = deploymentContainerName
