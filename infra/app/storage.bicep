// The storage account for both the Functions host (AzureWebJobsStorage, deployment package) and the API's
// data. Shared-key access is off: everything, the host included, authenticates with Entra ID.
// It holds the official record (submissions, their history, the reports sent to ministers), so a mistaken delete
// must be recoverable: blob soft delete, versioning and point-in-time restore, container soft delete, and a delete
// lock on the account. Tables have no soft delete or point-in-time restore: docs/deploy.md says what protects them.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Days a deleted blob or container (and a blob\'s previous versions) can be brought back.')
@minValue(7)
@maxValue(365)
param deleteRetentionDays int = 30

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
  'evaluations'
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

// Nobody (an operator, a script, `azd down`) deletes the account, and with it every table, until the lock is
// removed on purpose (docs/deploy.md, "Removing everything").
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'keep-the-official-record'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the official submissions and reports. Remove this lock only to delete the deployment on purpose.'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // A deleted or overwritten report can be brought back: every write keeps the previous version.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    // Point-in-time restore (az storage blob restore) needs the change feed and must end before soft delete does.
    changeFeed: {
      enabled: true
      retentionInDays: 90
    }
    restorePolicy: {
      enabled: true
      days: deleteRetentionDays - 1
    }
  }
}

// Versioning keeps every overwrite. The host rewrites its own small blobs (timer status, keys) and every deploy
// uploads a new package; their old versions go after a week. The API's containers keep theirs.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'host-and-package-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${deploymentContainerName}/'
                'azure-webjobs-hosts/'
                'azure-webjobs-secrets/'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 7
                }
              }
            }
          }
        }
      ]
    }
  }
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
