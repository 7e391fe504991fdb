namespace TokenWatch.Infrastructure.Notifications;

/// <summary>
/// One message a posting channel sends, and what stands for it in the outbox folder when no URL is set:
/// <see cref="FileContent"/> under the digest's name with <see cref="FileSuffix"/>.
/// </summary>
public sealed record ChannelMessage(
    byte[] Body,
    IReadOnlyList<(string Name, string Value)> Headers,
    string FileSuffix,
    string FileContent
);
