namespace TokenWatch.Core.Tenants;

/// <summary>
/// How TokenWatch signs in to a catalog tenant: the auth kind's name, the app's client id and, where the kind
/// needs one, the name of a Key Vault secret holding the credential. Names only: a secret value never gets here.
/// </summary>
public sealed record TenantSignIn(string Auth, string? ClientId, string? SecretName);
