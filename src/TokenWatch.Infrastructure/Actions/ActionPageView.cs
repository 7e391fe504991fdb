using TokenWatch.Core.Actions;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// What the action page shows about one alert, as plain text (Graph names among it); <see cref="ActionPageHtml"/>
/// encodes every field for HTML.
/// </summary>
public sealed record ActionPageView(
    AlertActionKind Kind,
    string TenantName,
    string Token,
    string Condition,
    string StateNow,
    IReadOnlyList<(string Label, string Value)> Facts,
    string? SilencedNow,
    string DigestId,
    string LinkToken,
    string FormToken,
    string EarliestDate,
    string LatestDate
);
