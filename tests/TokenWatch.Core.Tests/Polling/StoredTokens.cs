using TokenWatch.Core.Alerts;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Polling;

/// <summary>One tenant's stored tokens in memory: each poll records what <see cref="TokenChanges"/> finds.</summary>
internal sealed class StoredTokens
{
    private readonly Dictionary<string, TokenObservation> _tokens = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TokenObservation> Tokens => _tokens;

    /// <summary>Records <paramref name="reading"/> and returns its changes, as the poll store writes them.</summary>
    public IReadOnlyList<TokenChange> Record(TenantReading reading)
    {
        var detected = TokenChanges.Detect(_tokens.Values, reading);
        foreach (var change in detected.Changes)
        {
            if (change.Observation is { } seen)
            {
                _tokens[change.TokenKey] = seen;
            }
            else
            {
                _tokens.Remove(change.TokenKey);
            }
        }

        return detected.Changes.Select(c => c.ToTokenChange()).ToList();
    }
}
