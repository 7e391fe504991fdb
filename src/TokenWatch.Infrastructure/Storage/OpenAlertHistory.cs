namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Which history rows an open alert needs, told row by row newest first (the order of the history keys): every row of
/// the token since its oldest open alert opened, and the newest row before that, the one it was opened on.
/// </summary>
internal sealed class OpenAlertHistory(IReadOnlyDictionary<string, DateTimeOffset> openSince)
{
    private readonly HashSet<string> _openingRowSeen = new(StringComparer.Ordinal);

    public bool Keeps(string? tokenKey, DateTimeOffset at)
    {
        if (tokenKey is null || !openSince.TryGetValue(tokenKey, out var since))
        {
            return false;
        }

        return at >= since || _openingRowSeen.Add(tokenKey);
    }
}
