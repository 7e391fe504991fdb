// TokenWatch: one resource group holds everything the app needs.
//   az deployment group create -g <rg> -p infra/main.bicepparam      (or: azd up)
// See docs/deploy.md for the steps around it (Graph permissions, SendGrid key, first-run check).
targetScope = 'resourceGroup'

import { tenantConfig, routeLevel } from 'modules/types.bicep'

@minLength(1)
@maxLength(32)
@description('Environment name (azd sets it from AZURE_ENV_NAME). Part of the unique suffix of every resource name and of the tags.')
param environmentName string

@description('Azure region of every resource. Must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Email address of the operations team: platform alerts (no successful poll, function failures) go there.')
param opsEmail string

@description('Sender address of the digests; must be a verified sender in SendGrid.')
param emailFrom string

@description('Display name of the sender of the digests.')
param emailFromName string = 'TokenWatch'

@description('Recipients of a tenant\'s digest when the tenant lists none of its own. Empty: the ops address (opsEmail), so a first deployment that names nobody still starts and tells someone.')
param defaultRecipients string[] = []

@description('Tenants to watch. Empty: the home tenant of this subscription, read with the managed identity.')
param tenants tenantConfig[] = []

@description('Display name of the home tenant when `tenants` is empty.')
param homeTenantDisplayName string = 'Home tenant'

@description('NCRONTAB schedule of PollTokens (six fields, always UTC: Flex Consumption does not support WEBSITE_TIME_ZONE).')
param pollSchedule string = '0 0 * * * *'

@description('NCRONTAB schedule of EvaluateAlerts (UTC); default five minutes after each poll.')
param evaluateSchedule string = '0 5 * * * *'

@description('NCRONTAB schedule of CleanUpStorage (retention and row counts); default daily at 02:30, clear of polls and evaluations.')
param cleanupSchedule string = '0 30 2 * * *'

@description('NCRONTAB schedule of SendRenewalCalendar (UTC), the weekly renewal summary with its .ics; default Mondays 07:00.')
param calendarSchedule string = '0 0 7 * * Mon'

@description('NCRONTAB schedule of ScanEnrollment (UTC), the enrollment scan of every ADE token\'s devices and Intune\'s connector status; default every 6 hours at 20 past, clear of the hourly poll and evaluation.')
param enrollmentScanSchedule string = '0 20 */6 * * *'

@description('NCRONTAB schedule of DiscoverCustomers (UTC), the daily GDAP discovery summary; it does nothing until TokenWatch__Discovery__PartnerTenantId is set.')
param discoverySchedule string = '0 30 6 * * *'

@description('Microsoft Graph root the app reads from.')
param graphBaseUrl string = 'https://graph.microsoft.com'

@secure()
@description('SendGrid API key. Empty: the Key Vault secret is not created (or left as it is) and ops set it later with `az keyvault secret set`.')
param sendGridApiKey string = ''

@description('Email: the least severe event mailed for every tenant (a tenant\'s routing.email overrides); all: good news too.')
param emailRouting routeLevel = 'all'

@description('Teams: the least severe event posted for every tenant (a tenant\'s routing.teams overrides); off: no Teams unless a tenant routes to it.')
param teamsRouting routeLevel = 'off'

@secure()
@description('URL of the Teams Workflows webhook (it carries its own signature: a secret). Stored as the Key Vault secret TeamsWebhookUrl, only while some tenant routes to Teams; empty: the secret is left as it is (set it with `az keyvault secret set`).')
param teamsWebhookUrl string = ''

@description('Webhook: the least severe event posted for every tenant (a tenant\'s routing.webhook overrides); off: no webhook unless a tenant routes to it.')
param webhookRouting routeLevel = 'off'

@secure()
@description('URL of the signed webhook (a PSA or ticketing system; often carries a key). Stored as the Key Vault secret WebhookUrl, only while some tenant routes to the webhook; empty: the secret is left as it is.')
param webhookUrl string = ''

@secure()
@description('Signing secret of the webhook, whsec_ + base64 of 24-64 random bytes. Stored as the Key Vault secret WebhookSecret, only while some tenant routes to the webhook; empty: the secret is left as it is.')
param webhookSecret string = ''

// A log alert's window may only be PT1M-PT6H, P1D or P2D.
@allowed([1, 2, 3, 4, 5, 6, 24, 48])
@description('Dead-man\'s switch: alert when no poll has completed for this many hours.')
param missedPollAlertHours int = 3

@minValue(2)
@maxValue(5)
@description('Alert when one tenant has failed this many polls in a row (hourly polls; looked for in the last 6 hours).')
param failedPollsAlertCount int = 3

@minValue(1)
@maxValue(48)
@description('Alert when a digest has waited this many hours for SendGrid to accept it.')
param pendingDigestAlertHours int = 6

@minValue(40)
@maxValue(1000)
@description('Flex Consumption: most instances the app may scale out to.')
param maximumInstanceCount int = 40

// docs/benchmarks.md: one cycle over 1,000 tenants peaks at 191 MB working set (simulator included), so 512 MB
// leaves the Functions host its share; 2,048 MB would bill four times the memory for nothing.
@allowed([512, 2048, 4096])
@description('Flex Consumption: memory of each instance, in MB (512 fits 1,000 tenants, docs/benchmarks.md).')
param instanceMemoryMB int = 512

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps the logs and metrics.')
param logRetentionDays int = 90

// Secure: should a secret be pasted here after all, it stays out of the deployment history. No default (a secure
// parameter has none); infra/main.bicepparam passes `{}` when TOKENWATCH_ADDITIONAL_APP_SETTINGS is not set.
@secure()
@description('Further app settings, e.g. a Key Vault reference for a tenant that uses ClientSecret. Never put a secret here in clear: use @Microsoft.KeyVault(...) values.')
param additionalAppSettings object

@minValue(0)
@maxValue(100)
@description('Daily cap of the Log Analytics workspace in GB (0: none). TokenWatch sends some MB a day; the cap stops a runaway bill, and an alert says when it is reached, since the alerts\' own data stops with it.')
param logDailyCapGb int = 1

@description('Put a delete lock on the data storage account, which holds the alert ledger (what admins were told). Creating a lock needs Owner or User Access Administrator on the resource group; Contributor cannot.')
param lockDataStorage bool = false

@description('Signed snooze and acknowledge links in every digest, opening the ActOnAlert page (/api/act). Off: no links, no signing key secret, no action settings.')
param actionLinks bool = false

@description('Address of the action page the links open. Empty: https://<the app\'s default host name>/api/act (a custom domain or a front door goes here).')
param actionPageUrl string = ''

@minLength(1)
@maxLength(16)
@description('Id of the current link signing key, carried in every link (letters, digits and \'-\': it is part of the Key Vault secret name ActionSigningKey-<id>).')
param actionSigningKeyId string = 'k1'

@secure()
@description('The link signing key, base64 of at least 32 random bytes (openssl rand -base64 32). Stored as the Key Vault secret ActionSigningKey-<actionSigningKeyId> while actionLinks is on; empty: the secret is neither created nor changed.')
param actionSigningKey string = ''

@maxLength(16)
@description('Id of the key used before the last rotation: its secret ActionSigningKey-<id> still checks the links it signed until they expire. Empty: none.')
param previousActionSigningKeyId string = ''

@description('App Service Authentication with Microsoft Entra ID on the app: whoever opens an action link signs in first, and the audit names them. Off: the audit records "the holder of the link".')
param signIn bool = false

@description('Client id of the app registration the sign-in uses (its redirect URI: https://<host>/.auth/login/aad/callback). Required when signIn is on.')
param signInClientId string = ''

@description('Entra tenant whose users may sign in. Empty: this subscription\'s tenant.')
param signInTenantId string = ''

@description('Recover the soft-deleted Key Vault of an earlier deployment (after `azd down` or a deleted resource group) instead of creating it; its name stays reserved for 90 days. Set once, for that one deployment.')
param recoverKeyVault bool = false

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'tokenwatch'
}

var names = {
  identity: 'id-tokenwatch-${resourceToken}'
  logAnalytics: 'log-tokenwatch-${resourceToken}'
  appInsights: 'appi-tokenwatch-${resourceToken}'
  keyVault: 'kv-tw-${resourceToken}'
  // Storage account names: 3-24 lower-case letters and digits.
  hostStorage: 'sttwhost${resourceToken}'
  dataStorage: 'sttwdata${resourceToken}'
  plan: 'plan-tokenwatch-${resourceToken}'
  functionApp: 'func-tokenwatch-${resourceToken}'
  actionGroup: 'ag-tokenwatch-${resourceToken}'
}

// The Key Vault secret the app setting TokenWatch__Email__SendGridApiKey refers to.
var sendGridSecretName = 'SendGridApiKey'

// The Key Vault secrets of the Teams and webhook channels, each behind the app setting it is referenced from.
var channelSecretNames = {
  teamsUrl: 'TeamsWebhookUrl'
  webhookUrl: 'WebhookUrl'
  webhookSecret: 'WebhookSecret'
}

// The Flex Consumption deployment package lives in this blob container of the host account.
var deploymentContainerName = 'app-package'

// TokenWatch's own state (latest token state, alert ledger, and what else the app keeps) lives in a
// storage account of its own, not in the Functions host account. Why:
// - the data outlives the host: the host account holds only things that can be rebuilt (the deployment
//   package, timer locks, host keys, diagnostic events), so it can be recreated or cleaned without
//   losing the alert ledger, which is what keeps admins from getting the same email twice;
// - least privilege per account: the identity gets no blob rights on the data and no rights on the
//   app's tables through the host account's wide Blob Data Owner role;
// - ops can put a delete lock, a backup or a longer retention on the data account alone.
// A second Standard_LRS account costs only what is stored and transacted, which is tiny here.
// The tables the app uses today; it creates any other table it needs on first use (the identity's
// Storage Table Data Contributor role allows that), so this list is for visibility, not a contract.
// Since schema version 3 the ledger and outbox live in TokenState; a store upgraded from version 2 keeps its
// AlertLedger table, which the app still reads (history, the move of each ledger) and cleans, and never creates.
var dataTableNames = [
  'TokenState'
  'TenantCatalog'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    retentionInDays: logRetentionDays
    dailyCapGb: logDailyCapGb
  }
}

module hostStorage 'modules/storage-account.bicep' = {
  name: 'host-storage'
  params: {
    name: names.hostStorage
    location: location
    tags: tags
    blobContainerNames: [deploymentContainerName]
    tableNames: []
  }
}

module dataStorage 'modules/storage-account.bicep' = {
  name: 'data-storage'
  params: {
    name: names.dataStorage
    location: location
    tags: tags
    blobContainerNames: []
    tableNames: dataTableNames
    deleteLock: lockDataStorage
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    secretName: sendGridSecretName
    sendGridApiKey: sendGridApiKey
    recover: recoverKeyVault
    channelSecretNames: channelSecretNames
    // A channel no tenant routes to gets no secret, whatever was passed.
    teamsConfigured: teamsOn
    webhookConfigured: webhookOn
    teamsWebhookUrl: teamsWebhookUrl
    webhookUrl: webhookUrl
    webhookSecret: webhookSecret
    // Only while links are on: without them nobody needs a signing key.
    actionSigningKeySecretName: actionLinks ? actionKeySecretName(actionSigningKeyId) : ''
    actionSigningKey: actionSigningKey
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    // The principal id exists only once the identity does. What-if shows these grants as
    // "unsupported" until then; naming them by the principal id keeps a recreated identity from
    // colliding with the grants of its predecessor.
    #disable-next-line what-if-short-circuiting
    principalId: identity.properties.principalId
    hostStorageName: names.hostStorage
    dataStorageName: names.dataStorage
    keyVaultName: names.keyVault
    appInsightsName: names.appInsights
  }
  dependsOn: [
    hostStorage
    dataStorage
    keyVault
    monitoring
  ]
}

// Tenants as indexed settings, the way .NET configuration binds arrays from environment variables:
// TokenWatch__Tenants__0__TenantId, TokenWatch__Tenants__0__Recipients__0, ...
var effectiveTenants = empty(tenants)
  ? [
      {
        tenantId: tenant().tenantId
        displayName: homeTenantDisplayName
        auth: 'ManagedIdentity'
      }
    ]
  : tenants

var tenantSettingPairs = flatten(map(
  range(0, length(effectiveTenants)),
  i =>
    concat(
      [
        { name: 'TokenWatch__Tenants__${i}__TenantId', value: effectiveTenants[i].tenantId }
        { name: 'TokenWatch__Tenants__${i}__DisplayName', value: effectiveTenants[i].displayName }
      ],
      map(range(0, length(effectiveTenants[i].?recipients ?? [])), j => {
        name: 'TokenWatch__Tenants__${i}__Recipients__${j}'
        value: (effectiveTenants[i].?recipients ?? [])[j]
      }),
      empty(effectiveTenants[i].?auth ?? '')
        ? []
        : [{ name: 'TokenWatch__Tenants__${i}__Auth', value: effectiveTenants[i].auth }],
      empty(effectiveTenants[i].?clientId ?? '')
        ? []
        : [{ name: 'TokenWatch__Tenants__${i}__ClientId', value: effectiveTenants[i].clientId }],
      empty(effectiveTenants[i].?secretName ?? '')
        ? []
        : [{ name: 'TokenWatch__Tenants__${i}__SecretName', value: effectiveTenants[i].secretName }],
      empty(effectiveTenants[i].?cloud ?? '')
        ? []
        : [{ name: 'TokenWatch__Tenants__${i}__Cloud', value: effectiveTenants[i].cloud }],
      map(
        filter(items(effectiveTenants[i].?routing ?? {}), r => !empty(r.value ?? '')),
        r => { name: 'TokenWatch__Tenants__${i}__Routing__${toUpper(take(r.key, 1))}${skip(r.key, 1)}', value: r.value }
      )
    )
))

// A channel is configured when some tenant's level for it, its own or the deployment's, is not off. Only then
// does it get its Key Vault secret and its app setting: a setting referring to a secret nobody set would keep
// the channel's digests waiting for nothing.
var teamsOn = length(filter(effectiveTenants, t => (t.?routing.?teams ?? teamsRouting) != 'off')) > 0
var webhookOn = length(filter(effectiveTenants, t => (t.?routing.?webhook ?? webhookRouting) != 'off')) > 0

// Each configured channel's app settings, as setting name → Key Vault secret name (names only: the values are
// Key Vault references, written in function-app.bicep).
var channelReferences = union(
  teamsOn ? { TokenWatch__Teams__WebhookUrl: channelSecretNames.teamsUrl } : {},
  webhookOn
    ? {
        TokenWatch__Webhook__Url: channelSecretNames.webhookUrl
        TokenWatch__Webhook__Secret: channelSecretNames.webhookSecret
      }
    : {}
)

// The deployment's routing, written where it differs from the app's defaults (email all, Teams and webhook off).
var routingSettings = union(
  emailRouting == 'all' ? {} : { TokenWatch__Routing__Email: emailRouting },
  teamsRouting == 'off' ? {} : { TokenWatch__Routing__Teams: teamsRouting },
  webhookRouting == 'off' ? {} : { TokenWatch__Routing__Webhook: webhookRouting }
)

// Nobody named: the ops address, so the app starts (a tenant without recipients stops it) and alerts reach someone.
var effectiveDefaultRecipients = empty(defaultRecipients) ? [opsEmail] : defaultRecipients

var defaultRecipientSettings = toObject(
  range(0, length(effectiveDefaultRecipients)),
  j => 'TokenWatch__Email__Recipients__${j}',
  j => effectiveDefaultRecipients[j]
)

// Daily, clear of the polls and evaluations; fixed here (not a parameter), its heartbeat follows it all the same.
var credentialWatchSchedule = '0 45 6 * * *'

var tokenWatchSettings = union(
  {
    PollSchedule: pollSchedule
    EvaluateSchedule: evaluateSchedule
    CleanupSchedule: cleanupSchedule
    CalendarSchedule: calendarSchedule
    DiscoverySchedule: discoverySchedule
    EnrollmentScanSchedule: enrollmentScanSchedule
    // The expiry of the Key Vault secrets TokenWatch depends on.
    CredentialWatchSchedule: credentialWatchSchedule
    TokenWatch__Graph__BaseUrl: graphBaseUrl
    // Catalog tenants with a client secret or certificate name a secret in this vault; the identity reads it.
    TokenWatch__Graph__KeyVaultUri: 'https://${names.keyVault}${environment().suffixes.keyvaultDns}'
    TokenWatch__Graph__Auth: 'ManagedIdentity'
    TokenWatch__Email__From: emailFrom
    TokenWatch__Email__FromName: emailFromName
  },
  toObject(tenantSettingPairs, p => p.name, p => p.value),
  defaultRecipientSettings,
  routingSettings
)

// The Key Vault secret of a link signing key: named by its key id, so a rotation adds a secret and the previous
// key's secret stays as it was, still checking the links it signed (ActionSettings.PreviousSigningKey).
func actionKeySecretName(keyId string) string => 'ActionSigningKey-${keyId}'

// The client secret of the sign-in's app registration, set by ops with `az keyvault secret set` (docs/deploy.md).
var signInSecretName = 'SignInClientSecret'

// TokenWatch:Actions values that are not secrets; the page address is written in function-app.bicep, which knows
// the app's host name. PlatformSignIn makes the page trust the platform's principal header, so only with sign-in.
var actionSettings = actionLinks
  ? union(
      {
        TokenWatch__Actions__SigningKeyId: actionSigningKeyId
        TokenWatch__Actions__PlatformSignIn: signIn ? 'true' : 'false'
      },
      empty(previousActionSigningKeyId) ? {} : { TokenWatch__Actions__PreviousSigningKeyId: previousActionSigningKeyId }
    )
  : {}

// The signing keys' app settings as setting name → Key Vault secret name (references, never values).
var actionKeyReferences = actionLinks
  ? union(
      { TokenWatch__Actions__SigningKey: actionKeySecretName(actionSigningKeyId) },
      empty(previousActionSigningKeyId)
        ? {}
        : { TokenWatch__Actions__PreviousSigningKey: actionKeySecretName(previousActionSigningKeyId) }
    )
  : {}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    planName: names.plan
    functionAppName: names.functionApp
    identityName: identity.name
    hostStorageName: names.hostStorage
    dataStorageName: names.dataStorage
    deploymentContainerName: deploymentContainerName
    appInsightsName: names.appInsights
    keyVaultName: names.keyVault
    sendGridSecretName: sendGridSecretName
    channelReferences: channelReferences
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    tokenWatchSettings: tokenWatchSettings
    additionalAppSettings: additionalAppSettings
    actionLinks: actionLinks
    actionPageUrl: actionPageUrl
    actionSettings: actionSettings
    actionKeyReferences: actionKeyReferences
    signIn: signIn
    signInClientId: signInClientId
    signInTenantId: empty(signInTenantId) ? tenant().tenantId : signInTenantId
    signInSecretName: signInSecretName
  }
  // The app reads storage and Key Vault with the identity as soon as it starts.
  dependsOn: [
    roleAssignments
    hostStorage
    dataStorage
    keyVault
    monitoring
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    actionGroupName: names.actionGroup
    opsEmail: opsEmail
    appInsightsName: names.appInsights
    functionAppName: names.functionApp
    missedPollAlertHours: missedPollAlertHours
    failedPollsAlertCount: failedPollsAlertCount
    pendingDigestAlertHours: pendingDigestAlertHours
  }
  dependsOn: [
    monitoring
    functionApp
  ]
}

module functionAlerts 'modules/function-alerts.bicep' = {
  name: 'function-alerts'
  params: {
    location: location
    tags: tags
    appInsightsName: names.appInsights
    functionAppName: names.functionApp
    actionGroupId: alerts.outputs.actionGroupId
    logAnalyticsName: names.logAnalytics
    dailyCapAlert: logDailyCapGb > 0
    // The schedules the app settings give each function, so each heartbeat's window follows its own.
    schedules: {
      EvaluateAlerts: evaluateSchedule
      CleanUpStorage: cleanupSchedule
      DiscoverCustomers: discoverySchedule
      WatchCredentials: credentialWatchSchedule
      ScanEnrollment: enrollmentScanSchedule
      SendRenewalCalendar: calendarSchedule
    }
  }
  dependsOn: [
    monitoring
  ]
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    location: location
    tags: tags
    appInsightsName: names.appInsights
  }
  dependsOn: [
    monitoring
  ]
}

// Names and ids only: nothing here is a secret.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output functionAppName string = functionApp.outputs.name
output managedIdentityName string = identity.name
output managedIdentityClientId string = identity.properties.clientId
output managedIdentityPrincipalId string = identity.properties.principalId
output keyVaultName string = keyVault.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
output dataStorageAccountName string = dataStorage.outputs.name
