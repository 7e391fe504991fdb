namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// Where a posting channel delivers: its URL (none: the outbox folder), how long it may take, the setting to name
/// when the URL is wrong, and the secrets to scrub from every message about it.
/// </summary>
public sealed record ChannelTarget(
    string Name,
    string Setting,
    string? Url,
    TimeSpan Timeout,
    IReadOnlyList<string?> Secrets
);
