using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>How long outside text may be in an email body; dates and counts are written by <see cref="Words"/>.</summary>
internal static class EmailText
{
    /// <summary>Longest token id, Apple ID or state shown in a body: a 2 KB value would push the facts off the screen.</summary>
    public const int MaxValue = 200;

    /// <summary>Longest token name in a heading: three lines at most on a phone.</summary>
    public const int MaxName = 120;

    /// <summary>Longest free text from outside (a Graph error message) shown in a body.</summary>
    public const int MaxMessage = 600;

    /// <summary>Outside text for a body: see <see cref="Words.Clean"/>. HTML encoding is the template engine's job.</summary>
    public static string Clean(string? value, int maxLength = MaxValue) => Words.Clean(value, maxLength);
}
