namespace TokenWatch.Infrastructure.Notifications;

/// <summary>What to post where; <see cref="Secrets"/> are scrubbed from every message about it.</summary>
public sealed record ChannelRequest(
    string Channel,
    string Setting,
    Uri Url,
    byte[] Body,
    IReadOnlyList<(string Name, string Value)> Headers,
    TimeSpan Timeout,
    IReadOnlyList<string?> Secrets
);
