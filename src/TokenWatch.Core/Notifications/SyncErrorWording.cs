using System.Globalization;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// Every wording of an ADE <c>lastSyncErrorCode</c>, in one place. Apple does not document the codes; the meaning of
/// 3 comes from the field, so it is given as a hint, never as the cause.
/// </summary>
public static class SyncErrorWording
{
    /// <summary>ADE <c>lastSyncErrorCode</c> 3: known only from the field to mean "terms not accepted", so a
    /// hint.</summary>
    public const int TermsNotAcceptedCode = 3;

    private const string Undocumented = "Apple does not document the codes";

    public static bool HintsTermsNotAccepted(int? code) => code == TermsNotAcceptedCode;

    /// <summary>"code 3, often terms not accepted", else "code N": a short phrase for subjects and tables.</summary>
    public static string Hint(int code) =>
        HintsTermsNotAccepted(code) ? $"{Code(code)}, often terms not accepted" : Code(code);

    /// <summary>The sentence that explains the error, naming the Apple portal (<paramref name="manager"/>) that
    /// issued the token.</summary>
    public static string Sentence(int code, string manager) =>
        HintsTermsNotAccepted(code)
            ? $"Apple reported sync error {Code(code)} on the latest sync. {Undocumented}; code 3 often means new "
                + $"terms and conditions are waiting to be accepted in {manager}."
            : $"Apple reported sync error {Code(code)} on the latest sync ({Undocumented}).";

    /// <summary>The value of the "Sync error" fact.</summary>
    public static string Fact(int code) =>
        HintsTermsNotAccepted(code)
            ? $"{Code(code)} (often: terms and conditions not accepted; {Undocumented})"
            : $"{Code(code)} ({Undocumented})";

    /// <summary>The error as one side of a change, or null for no error.</summary>
    public static string? Change(int? code) => code is null or 0 ? null : Code(code.Value);

    /// <summary>The title over Intune's table of sync errors, which names the hinted error first.</summary>
    public static string KnownErrorsTitle(int? code) =>
        HintsTermsNotAccepted(code) ? "If Intune shows another sync error" : "Intune's sync errors and their fixes";

    private static string Code(int code) => string.Create(CultureInfo.InvariantCulture, $"code {code}");
}
