namespace TokenWatch.Core.Notifications;

/// <summary>How long outside text may be in a notice; dates and counts are written by <see cref="Words"/>.</summary>
public static class NoticeText
{
    /// <summary>Longest token id, Apple ID or state shown: a 2 KB value would push the facts off the screen.</summary>
    public const int MaxValue = 200;

    /// <summary>Longest token name in a heading: three lines at most on a phone.</summary>
    public const int MaxName = 120;

    /// <summary>Longest free text from outside (a Graph error message) shown in a notice.</summary>
    public const int MaxMessage = 600;

    /// <summary>Longest step of what to do.</summary>
    public const int MaxStep = 1000;

    /// <summary>Outside text for a notice: see <see cref="Words.Clean"/>. Encoding is each formatter's job.</summary>
    public static string Clean(string? value, int maxLength = MaxValue) => Words.Clean(value, maxLength);
}
