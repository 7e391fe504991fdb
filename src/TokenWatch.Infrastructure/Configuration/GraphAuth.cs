namespace TokenWatch.Infrastructure.Configuration;

/// <summary>How TokenWatch signs in to Microsoft Graph.</summary>
public enum GraphAuth
{
    /// <summary>The Function App's managed identity (the app's own tenant).</summary>
    ManagedIdentity,

    /// <summary>A multi-tenant app registration with a client secret.</summary>
    ClientSecret,

    /// <summary>A multi-tenant app registration with a certificate (a PEM or PFX file).</summary>
    ClientCertificate,

    /// <summary>
    /// A multi-tenant app registration whose federated credential is the managed identity: no secret anywhere.
    /// </summary>
    FederatedManagedIdentity,

    /// <summary>The signed-in Azure CLI user, for trying TokenWatch from a workstation.</summary>
    AzureCli,

    /// <summary>No credential: only for a Graph simulator on a loopback address.</summary>
    None,
}
