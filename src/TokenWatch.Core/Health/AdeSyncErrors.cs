namespace TokenWatch.Core.Health;

/// <summary>
/// Words for ADE <c>lastSyncErrorCode</c>. Microsoft does not document the codes; only code 3 is known from the
/// field ("terms and conditions not accepted"), so it is given as a hint, never as a fact.
/// </summary>
public static class AdeSyncErrors
{
    public const int TermsNotAccepted = 3;

    public static string Describe(int code) => code switch
    {
        TermsNotAccepted => "Apple reported sync error code 3 (usually: new terms and conditions not accepted in Apple Business Manager).",
        _ => $"Apple reported sync error code {code}.",
    };

    /// <summary>A short phrase for subjects and tables, e.g. "terms not accepted".</summary>
    public static string ShortHint(int code) => code switch
    {
        TermsNotAccepted => "terms not accepted",
        _ => $"code {code}",
    };
}
