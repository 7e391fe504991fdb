using TokenWatch.Core.Notifications;

namespace TokenWatch.Infrastructure.Email;

/// <summary>A fact in the text part: its label padded so the values of one event line up.</summary>
internal sealed record TextFact(string TextLabel, string Value)
{
    public static IReadOnlyList<TextFact> Of(EventNotice e)
    {
        var width = e.Facts.Max(f => f.Label.Length) + 2;
        return e.Facts.Select(f => new TextFact((f.Label + ":").PadRight(width), f.Value)).ToList();
    }
}
