// Key Vault in RBAC mode with purge protection: it holds the SendGrid API key and the Teams and webhook
// URLs and signing secret, which the app reads through Key Vault references in its app settings, never as
// clear-text settings.

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

@description('Names of the channel secrets: teamsUrl, webhookUrl, webhookSecret.')
param channelSecretNames object

@description('Some tenant routes to Teams: without it, no Teams secret is created whatever URL is passed.')
param teamsConfigured bool

@description('Some tenant routes to the webhook: without it, no webhook secret is created.')
param webhookConfigured bool

@secure()
@description('Teams Workflows URL. Empty: the secret is neither created nor changed.')
param teamsWebhookUrl string

@secure()
@description('Webhook URL. Empty: the secret is neither created nor changed.')
param webhookUrl string

@secure()
@description('Webhook signing secret. Empty: the secret is neither created nor changed.')
param webhookSecret string

@description('Name of the Key Vault secret of the current link signing key; empty: action links are off.')
param actionSigningKeySecretName string

@secure()
@description('Link signing key. Empty: the secret is neither created nor changed.')
param actionSigningKey string

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

// Like the SendGrid key: created only when a value is given, so a redeployment without it keeps what ops set.
resource teamsUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (teamsConfigured && !empty(teamsWebhookUrl)) {
  parent: vault
  name: channelSecretNames.teamsUrl
  properties: {
    value: teamsWebhookUrl
    contentType: 'Teams Workflows webhook URL'
  }
}

resource webhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (webhookConfigured && !empty(webhookUrl)) {
  parent: vault
  name: channelSecretNames.webhookUrl
  properties: {
    value: webhookUrl
    contentType: 'Webhook URL'
  }
}

resource webhookSigningSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (webhookConfigured && !empty(webhookSecret)) {
  parent: vault
  name: channelSecretNames.webhookSecret
  properties: {
    value: webhookSecret
    contentType: 'Webhook signing secret (whsec_)'
  }
}

// Like the others: created only when links are on and a key is given, so a redeployment without the key keeps the
// one ops set, and links signed with it keep opening.
resource actionSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(actionSigningKeySecretName) && !empty(actionSigningKey)) {
  parent: vault
  name: empty(actionSigningKeySecretName) ? 'ActionSigningKey' : actionSigningKeySecretName
  properties: {
    value: actionSigningKey
    contentType: 'Action link signing key (HMAC-SHA256, base64)'
  }
}

output name string = vault.name
