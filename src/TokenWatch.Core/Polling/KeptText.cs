using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Polling;

/// <summary>
/// How much Graph-sourced text a poll keeps: enough for any real name, state or reason, and bounded so that one
/// hostile answer cannot grow what is stored (a table property holds at most 32K characters).
/// </summary>
public static class KeptText
{
    public const int MaxLength = 4096;

    public static string? Cap(string? value) => value is { Length: > MaxLength } ? value[..MaxLength] : value;

    /// <summary>The observation as a poll keeps it, so that the next poll's diff compares like with like.</summary>
    public static TokenObservation Cap(TokenObservation token) =>
        token with
        {
            Id = Cap(token.Id)!,
            Name = Cap(token.Name),
            Organization = Cap(token.Organization),
            Location = Cap(token.Location),
            LastAction = Cap(token.LastAction),
            AppleId = Cap(token.AppleId),
            State = Cap(token.State),
            SyncStatus = Cap(token.SyncStatus),
            FailureReason = Cap(token.FailureReason),
            TopicId = Cap(token.TopicId),
            TokenType = Cap(token.TokenType),
            Problems = token.Problems.Count == 0 ? [] : Cap(string.Join('\n', token.Problems))!.Split('\n'),
        };
}
