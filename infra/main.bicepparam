// Parameters for main.bicep. Values come from environment variables so the same file serves
// `azd up` (azd sets AZURE_ENV_NAME; `azd env set NAME VALUE` sets the others), the deploy workflow
// (repository variables and secrets) and a plain `az deployment group create`.
// Nothing secret is written here: the SendGrid key is read from the environment at deployment time.
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'tokenwatch')

param opsEmail = readEnvironmentVariable('TOKENWATCH_OPS_EMAIL')

param emailFrom = readEnvironmentVariable('TOKENWATCH_EMAIL_FROM')

param emailFromName = readEnvironmentVariable('TOKENWATCH_EMAIL_FROM_NAME', 'TokenWatch')

// Comma-separated, e.g. "intune-admins@contoso.com,helpdesk@contoso.com".
param defaultRecipients = filter(
  map(split(readEnvironmentVariable('TOKENWATCH_DEFAULT_RECIPIENTS', ''), ','), r => trim(r)),
  r => !empty(r)
)

// JSON array of { tenantId, displayName, recipients?, auth?, clientId? }; empty: the home tenant with
// the managed identity. Example:
// [{"tenantId":"00000000-0000-0000-0000-000000000000","displayName":"Contoso",
//   "recipients":["it@contoso.com"],"auth":"FederatedManagedIdentity","clientId":"<app client id>"}]
param tenants = json(readEnvironmentVariable('TOKENWATCH_TENANTS', '[]'))

param homeTenantDisplayName = readEnvironmentVariable('TOKENWATCH_HOME_TENANT_NAME', 'Home tenant')

param pollSchedule = '0 0 * * * *'

param evaluateSchedule = '0 5 * * * *'

param cleanupSchedule = '0 30 2 * * *'

param calendarSchedule = '0 0 7 * * Mon'

param discoverySchedule = '0 30 6 * * *'

param enrollmentScanSchedule = '0 20 */6 * * *'

param missedPollAlertHours = 3

// JSON object of further app settings, e.g. a Key Vault reference for a tenant that uses ClientSecret.
param additionalAppSettings = json(readEnvironmentVariable('TOKENWATCH_ADDITIONAL_APP_SETTINGS', '{}'))

// "true" once, to recover the soft-deleted vault of an earlier deployment (docs/deploy.md, "Remove").
param recoverKeyVault = toLower(readEnvironmentVariable('TOKENWATCH_RECOVER_KEY_VAULT', 'false')) == 'true'

// A delete lock on the data account needs Owner or User Access Administrator at deployment: off unless asked for.
param lockDataStorage = toLower(readEnvironmentVariable('TOKENWATCH_LOCK_DATA_STORAGE', 'false')) == 'true'

// Empty is fine: then set it once with `az keyvault secret set` (docs/deploy.md).
param sendGridApiKey = readEnvironmentVariable('TOKENWATCH_SENDGRID_API_KEY', '')

// Routing of every tenant (a tenant in TOKENWATCH_TENANTS may set its own "routing"): all, warning, unknown, critical
// or off. A channel that some tenant routes to gets its Key Vault secrets and app settings; the others get none.
param emailRouting = readEnvironmentVariable('TOKENWATCH_EMAIL_ROUTING', 'all')

param teamsRouting = readEnvironmentVariable('TOKENWATCH_TEAMS_ROUTING', 'off')

param webhookRouting = readEnvironmentVariable('TOKENWATCH_WEBHOOK_ROUTING', 'off')

// Secrets, like the SendGrid key: stored in Key Vault at deployment when set; empty: set them once with
// `az keyvault secret set` (docs/deploy.md, "Teams and webhook").
param teamsWebhookUrl = readEnvironmentVariable('TOKENWATCH_TEAMS_WEBHOOK_URL', '')

param webhookUrl = readEnvironmentVariable('TOKENWATCH_WEBHOOK_URL', '')

param webhookSecret = readEnvironmentVariable('TOKENWATCH_WEBHOOK_SECRET', '')

// Signed snooze and acknowledge links in digests (docs/deploy.md, "Action links and sign-in"): "true" to turn them on.
param actionLinks = toLower(readEnvironmentVariable('TOKENWATCH_ACTION_LINKS', 'false')) == 'true'

// Empty: https://<the app's host name>/api/act.
param actionPageUrl = readEnvironmentVariable('TOKENWATCH_ACTION_PAGE_URL', '')

param actionSigningKeyId = readEnvironmentVariable('TOKENWATCH_ACTION_SIGNING_KEY_ID', 'k1')

// A secret like the SendGrid key: stored in Key Vault when set; empty: set it once with `az keyvault secret set`.
param actionSigningKey = readEnvironmentVariable('TOKENWATCH_ACTION_SIGNING_KEY', '')

param previousActionSigningKeyId = readEnvironmentVariable('TOKENWATCH_ACTION_PREVIOUS_SIGNING_KEY_ID', '')

// App Service Authentication (Entra ID) in front of the action page: "true", with the app registration's client id.
param signIn = toLower(readEnvironmentVariable('TOKENWATCH_SIGN_IN', 'false')) == 'true'

param signInClientId = readEnvironmentVariable('TOKENWATCH_SIGN_IN_CLIENT_ID', '')

param signInTenantId = readEnvironmentVariable('TOKENWATCH_SIGN_IN_TENANT_ID', '')
