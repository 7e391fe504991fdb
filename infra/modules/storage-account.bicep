// A StorageV2 account reachable with Entra ID only: no shared key, no SAS from keys, no anonymous blobs.

param name string
param location string
param tags object

@description('Blob containers to create (private).')
param blobContainerNames string[]

@description('Tables to create.')
param tableNames string[]

@description('A CanNotDelete lock on the account: deleting it (or its resource group) fails until the lock is removed.')
param deleteLock bool = false

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: { enabled: true }
        table: { enabled: true }
        queue: { enabled: true }
        file: { enabled: true }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = if (!empty(blobContainerNames)) {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = if (!empty(tableNames)) {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output name string = account.name

resource lock 'Microsoft.Authorization/locks@2020-05-01' = if (deleteLock) {
  name: '${account.name}-no-delete'
  scope: account
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds TokenWatch\'s alert ledger: losing it re-sends every open alert. Remove the lock before deleting.'
  }
}
