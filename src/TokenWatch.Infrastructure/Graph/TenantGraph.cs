using Microsoft.Graph;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>A tenant's Graph client, the root its requests are built on, and the cloud it signs in to.</summary>
public sealed class TenantGraph(GraphServiceClient client, Uri root, CloudEndpoints cloud) : IDisposable
{
    public GraphServiceClient Client { get; } = client;

    /// <summary>Graph's root for this tenant, e.g. <c>https://graph.microsoft.us</c>; v1.0 and beta below it.</summary>
    public Uri Root { get; } = root;

    /// <summary>The tenant's cloud: the token scope asked for and the authority signed in at.</summary>
    public CloudEndpoints Cloud { get; } = cloud;

    /// <summary>Leaves the shared <see cref="HttpClient"/> alone: the SDK disposes only a client it made.</summary>
    public void Dispose() => Client.Dispose();
}
