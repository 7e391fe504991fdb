using TokenWatch.Core.Health;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// One event as an admin reads it, whatever the channel: its severity, words, facts, steps and links. Every string
/// from outside (Graph, configuration) is cleaned and bounded here; encoding is left to each formatter.
/// </summary>
public sealed record EventNotice(
    int Number,
    HealthStatus Severity,
    string Label,
    string KindLabel,
    bool HasToken,
    string KindName,
    string TokenName,
    string Title,
    string Headline,
    string Message,
    IReadOnlyList<NoticeChange> Changes,
    IReadOnlyList<NoticeFact> Facts,
    string? Impact,
    string ImpactLabel,
    string? Caution,
    IReadOnlyList<string> Steps,
    string KnownErrorsTitle,
    IReadOnlyList<KnownSyncError> KnownErrors,
    IReadOnlyList<NoticeLink> Links
)
{
    /// <summary>The signed snooze and acknowledge links (empty when action links are off).</summary>
    public IReadOnlyList<NoticeLink> Actions { get; init; } = [];
}
