// Key Vault in RBAC mode with purge protection: it holds the SendGrid API key, which the app reads
// through a Key Vault reference in its app settings, never as a clear-text setting.

param name string
param location string
param tags object

@description('Name of the secret that holds the SendGrid API key.')
param secretName string

@secure()
@description('SendGrid API key. Empty: the secret is neither created nor changed.')
param sendGridApiKey string

@description('Recover the soft-deleted vault of this name (purge protection keeps it, and its name, for 90 days).')
param recover bool

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    createMode: recover ? 'recover' : 'default'
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Created only when a key is given, so a later deployment without the key leaves the secret
// that ops set with `az keyvault secret set` as it is.
resource sendGridSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: secretName
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key'
  }
}

output name string = vault.name
