// Shared parameter types.

@export()
@description('One Intune tenant TokenWatch watches.')
type tenantConfig = {
  @description('Entra tenant id (GUID).')
  tenantId: string

  @description('Name shown in digests and logs.')
  displayName: string

  @description('Recipients of this tenant\'s digest; none: TokenWatch:Email:Recipients.')
  recipients: string[]?

  // No ClientCertificate: Flex Consumption cannot load a certificate into the app, so it could never sign in.
  @description('How TokenWatch signs in to this tenant; none: TokenWatch:Graph:Auth (ManagedIdentity).')
  auth: ('ManagedIdentity' | 'ClientSecret' | 'FederatedManagedIdentity')?

  @description('Client id of the (multi-tenant) app registration, for every auth but ManagedIdentity.')
  clientId: string?

  // The vault always exists (TokenWatch__Graph__KeyVaultUri), so no Key Vault reference is needed: a secret not
  // there yet fails this tenant's polls, not the app's start.
  @description('For ClientSecret: the name of the Key Vault secret holding the client secret, read at first sign-in.')
  secretName: string?

  @description('The tenant\'s national cloud (Learn: national cloud deployments); none: TokenWatch:Graph:Cloud.')
  cloud: ('Global' | 'USGov' | 'USGovDoD' | 'China')?

  @description('This tenant\'s own routing, channel by channel; none: the deployment\'s (emailRouting, teamsRouting, webhookRouting).')
  routing: tenantRouting?
}

@export()
@description('The least severe event a channel takes (all: good news too), or off.')
type routeLevel = 'all' | 'warning' | 'unknown' | 'critical' | 'off'

@export()
@description('A tenant\'s routing: the level of each channel it sets, the others as the deployment\'s.')
type tenantRouting = {
  email: routeLevel?
  teams: routeLevel?
  webhook: routeLevel?
}
