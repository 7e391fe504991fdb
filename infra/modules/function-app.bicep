// The Function App on a Flex Consumption (FC1) plan, .NET 10 isolated worker, running as the
// user-assigned identity. Every connection is identity-based: no storage key, no instrumentation key,
// no secret in any app setting (the SendGrid key, Teams and webhook URLs and signing secret are Key Vault
// references).

param location string
param tags object
param planName string
param functionAppName string
param identityName string
param hostStorageName string
param dataStorageName string
param deploymentContainerName string
param appInsightsName string
param keyVaultName string
param sendGridSecretName string

@description('App setting name → Key Vault secret name, for each configured Teams or webhook setting (names only).')
param channelReferences object

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('TokenWatch settings (schedules, Graph, tenants, email); the platform settings below win on a clash.')
param tokenWatchSettings object

@secure()
@description('Free-form settings from the deployment (Key Vault references); secure, so they stay out of deployment history.')
param additionalAppSettings object

@description('Signed action links on: the ActOnAlert page address, its key id and its key references are written.')
param actionLinks bool

@description('The action page address; empty: https://<default host name>/api/act.')
param actionPageUrl string

@description('TokenWatch:Actions settings that are not secrets (key ids, PlatformSignIn); empty when links are off.')
param actionSettings object

@description('App setting name → Key Vault secret name of each link signing key (names only).')
param actionKeyReferences object

@description('App Service Authentication with Microsoft Entra ID in front of the app (the action page).')
param signIn bool

@description('Client id of the sign-in\'s app registration.')
param signInClientId string

@description('Entra tenant whose users sign in.')
param signInTenantId string

@description('Key Vault secret holding the sign-in app registration\'s client secret.')
param signInSecretName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: hostStorageName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: dataStorageName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  // azd finds the app to deploy to by this tag (service `tokenwatch` in azure.yaml).
  tags: union(tags, { 'azd-service-name': 'tokenwatch' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    // Key Vault references are resolved with the user-assigned identity, not a system identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP and no basic-auth (publishing profile) deployments: code is deployed with Entra ID only.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

var platformSettings = {
  // Functions host storage, identity-based. The host uses blobs (timer locks, keys) and tables
  // (diagnostic events); no trigger here uses queues, so the identity has no queue role (see
  // role-assignments.bicep) and no queue endpoint is given: nothing can try queues and fail.
  AzureWebJobsStorage__accountName: hostStorage.name
  AzureWebJobsStorage__blobServiceUri: hostStorage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__tableServiceUri: hostStorage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId

  // Telemetry with Entra auth (the resource has local auth disabled).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

  TokenWatch__Graph__ManagedIdentityClientId: identity.properties.clientId
  TokenWatch__Storage__TableServiceUri: dataStorage.properties.primaryEndpoints.table
  TokenWatch__Storage__ManagedIdentityClientId: identity.properties.clientId

  // Resolved by the platform with keyVaultReferenceIdentity. No version: a rotated key is picked up
  // without a redeployment.
  TokenWatch__Email__SendGridApiKey: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${sendGridSecretName})'
  // Always SendGrid in Azure: a key not (yet) resolved keeps digests pending and says so, instead of writing them
  // to a folder on an instance nobody reads.
  TokenWatch__Email__Delivery: 'SendGrid'
}

// The Teams and webhook URLs and the signing secret, as references like the SendGrid key: never a value here.
var channelSettings = toObject(
  items(channelReferences),
  s => s.key,
  s => '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${s.value})'
)

// ActOnAlert is `AuthorizationLevel.Anonymous` with `Route = "act"` and host.json keeps the default route prefix
// "api", so the page is https://<host>/api/act with no function key: the link's signature is the grant.
var defaultActionPageUrl = 'https://${site.properties.defaultHostName}/api/act'

// The signing keys as Key Vault references like the channel secrets (Learn: "Use Key Vault references as app
// settings"); no version, so a secret set again is picked up without a redeployment.
var actionLinkSettings = actionLinks
  ? union(
      { TokenWatch__Actions__PageUrl: empty(actionPageUrl) ? defaultActionPageUrl : actionPageUrl },
      actionSettings,
      toObject(
        items(actionKeyReferences),
        s => s.key,
        s => '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${s.value})'
      )
    )
  : {}

// The setting authsettingsV2 names for the registration's client secret, a reference too (Learn: "Configure your
// App Service or Azure Functions app to use Microsoft Entra sign-in": the secret may be a Key Vault reference).
var signInSecretSettingName = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
var signInSettings = signIn
  ? { '${signInSecretSettingName}': '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${signInSecretName})' }
  : {}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(
    tokenWatchSettings,
    additionalAppSettings,
    platformSettings,
    channelSettings,
    actionLinkSettings,
    signInSettings
  )
}

// App Service Authentication (Learn: "Microsoft.Web sites/config 'authsettingsV2'"): every request signs in with
// Entra ID first, a browser is redirected to the login page, and the platform sets X-MS-CLIENT-PRINCIPAL-NAME,
// which it never takes from a client (Learn: "Work with user identities in Azure App Service authentication").
// Only the HTTP function is affected: timer triggers do not pass through it.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (signIn) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: signInClientId
          clientSecretSettingName: signInSecretSettingName
          openIdIssuer: '${environment().authentication.loginEndpoint}${signInTenantId}/v2.0'
        }
      }
    }
    login: {
      // The page needs who signed in, not the user's tokens: nothing to keep.
      tokenStore: {
        enabled: false
      }
    }
  }
  dependsOn: [
    appSettings
  ]
}

output name string = site.name
output id string = site.id
