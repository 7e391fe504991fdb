namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// The last handler before the network: refuses any request that is not for the tenant's configured Graph origin
/// (scheme, host and port). Graph answers carry URLs TokenWatch did not choose (<c>@odata.nextLink</c>, a redirect's
/// <c>Location</c>, which the SDK's redirect handler follows on its own); whatever points elsewhere is never asked,
/// so another server can neither receive TokenWatch's requests nor feed it tokens that look healthy.
/// </summary>
internal sealed class SameOriginHandler(Uri root) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri || !IsSameOrigin(uri, root))
        {
            var target = request.RequestUri is { IsAbsoluteUri: true } absolute
                ? absolute.GetLeftPart(UriPartial.Authority)
                : "a relative URL";
            throw new GraphResponseException(
                $"A request to {target} was refused: it is not the configured Graph host "
                    + $"{root.GetLeftPart(UriPartial.Authority)} (Graph's answer pointed there)."
            );
        }

        return base.SendAsync(request, cancellationToken);
    }

    public static bool IsSameOrigin(Uri candidate, Uri root) =>
        Uri.Compare(
            candidate,
            root,
            UriComponents.SchemeAndServer,
            UriFormat.Unescaped,
            StringComparison.OrdinalIgnoreCase
        ) == 0;
}
