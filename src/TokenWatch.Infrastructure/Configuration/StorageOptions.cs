namespace TokenWatch.Infrastructure.Configuration;

public sealed class StorageOptions
{
    /// <summary>A storage connection string (Azurite locally). Prefer <see cref="TableServiceUri"/> in Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table endpoint, used with the managed identity, e.g. <c>https://acct.table.core.windows.net</c>.
    /// </summary>
    public string? TableServiceUri { get; set; }

    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Who signs in to <see cref="TableServiceUri"/>: the managed identity in Azure, or the operator's Azure CLI
    /// sign-in from a workstation (the CLI's choice when only a table endpoint is given).
    /// </summary>
    public StorageSignIn SignIn { get; set; } = StorageSignIn.ManagedIdentity;

    /// <summary>
    /// How long one attempt of one storage operation may take, its response body included (the SDK's own default is
    /// 100 s). Storage that accepts connections and never answers is given up on after the attempts below.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 300)]
    public int OperationTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Retries of a storage operation that failed or timed out (the SDK backs off 0.8 s, 1.6 s, 3.2 s, …).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The tenant catalog's table; another name lets several TokenWatch instances share one account.</summary>
    public string CatalogTable { get; set; } = "TenantCatalog";
}
