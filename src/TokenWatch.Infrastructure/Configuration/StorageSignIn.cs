namespace TokenWatch.Infrastructure.Configuration;

/// <summary>How TokenWatch signs in to the table endpoint (<see cref="StorageOptions.TableServiceUri"/>).</summary>
public enum StorageSignIn
{
    /// <summary>The Function App's managed identity: what runs in Azure.</summary>
    ManagedIdentity,

    /// <summary>The operator's own <c>az login</c>, for the CLI on a workstation (a time-bound data role).</summary>
    AzureCli,
}
