using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>
/// What one poll changed among a tenant's stored tokens. <see cref="Read"/> are the tokens that replace the stored
/// ones (once per key, only from endpoints that answered); <see cref="Changes"/> are the added, changed and removed
/// ones. An endpoint that failed keeps its last good state: none of its stored tokens is changed or gone.
/// </summary>
public sealed record TokenChanges(IReadOnlyList<TokenObservation> Read, IReadOnlyList<DetectedChange> Changes)
{
    /// <summary>Compares <paramref name="reading"/> with <paramref name="stored"/>.</summary>
    public static TokenChanges Detect(IEnumerable<TokenObservation> stored, TenantReading reading)
    {
        var before = new Dictionary<string, TokenObservation>(StringComparer.Ordinal);
        foreach (var token in stored)
        {
            before[token.Key] = token;
        }

        var read = new List<TokenObservation>();
        var changes = new List<DetectedChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in reading.Tokens.Where(t => reading.Succeeded(t.Kind) && seen.Add(t.Key)))
        {
            read.Add(token);
            if (before.GetValueOrDefault(token.Key) is not { } previous)
            {
                changes.Add(new DetectedChange(TokenChangeKind.Added, token.Key, token));
            }
            else if (!Same(previous, token))
            {
                changes.Add(new DetectedChange(TokenChangeKind.Changed, token.Key, token));
            }
        }

        // A token gone from an endpoint that answered is gone; an endpoint that failed keeps its last good state.
        changes.AddRange(
            before
                .Values.Where(s => reading.Succeeded(s.Kind) && !seen.Contains(s.Key))
                .Select(s => new DetectedChange(TokenChangeKind.Removed, s.Key, null))
        );
        return new TokenChanges(read, changes);
    }

    /// <summary>True when two observations say the same about a token: nothing new to record.</summary>
    public static bool Same(TokenObservation a, TokenObservation b) =>
        a with { Problems = [] } == b with { Problems = [] }
        && a.Problems.SequenceEqual(b.Problems, StringComparer.Ordinal);
}
