// Every role the app's user-assigned identity holds, and nothing else. The same list is in
// docs/deploy.md ("Roles"); tests/TokenWatch.Infra.Tests checks that the two agree with the
// compiled template.
//
// | Scope                  | Role                           | Why                                                                  |
// |------------------------|--------------------------------|----------------------------------------------------------------------|
// | host storage account   | Storage Blob Data Owner        | Functions host: timer locks, host keys, the Flex deployment package  |
// | host storage account   | Storage Table Data Contributor | Functions host: diagnostic events (AzureWebJobsStorage tables)       |
// | data storage account   | Storage Table Data Contributor | TokenWatch tables (token state, alert ledger, ...)                   |
// | Key Vault              | Key Vault Secrets User         | resolve the SendGrid API key Key Vault reference                     |
// | Application Insights   | Monitoring Metrics Publisher   | send telemetry with Entra auth (local auth is off)                   |
//
// Not granted, on purpose: Storage Queue Data Contributor (no queue or blob trigger, so the host uses
// no queue), Storage Account Contributor (only the blob trigger needs it), any blob role on the data
// account, any Key Vault role that can write secrets.
// Role assignment names are guid(scope, principal, role): stable across deployments, unique per grant.

@description('Principal (object) id of the user-assigned managed identity.')
param principalId string

param hostStorageName string
param dataStorageName string
param keyVaultName string
param appInsightsName string

// Built-in role definition ids (the same in every Azure tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: hostStorageName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: dataStorageName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource hostBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, principalId, roles.storageBlobDataOwner)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'TokenWatch Functions host: timer locks, host keys, deployment package'
  }
}

resource hostTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, principalId, roles.storageTableDataContributor)
  scope: hostStorage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'TokenWatch Functions host: diagnostic events'
  }
}

resource dataTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataStorage.id, principalId, roles.storageTableDataContributor)
  scope: dataStorage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'TokenWatch tables: token state, alert ledger and the app\'s other tables'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, principalId, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'TokenWatch: read the SendGrid API key through a Key Vault reference'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'TokenWatch: send telemetry to Application Insights with Entra auth'
  }
}
