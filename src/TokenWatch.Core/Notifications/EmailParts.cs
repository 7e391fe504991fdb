using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The email as <see cref="InParts"/> cuts it (<see cref="DigestParts"/>); one per send, so each part planned is
/// rendered once, not again when it is sent.
/// </summary>
internal sealed class EmailParts(IDigestRenderer renderer) : IPartedFormat<OutgoingEmail>
{
    private readonly Dictionary<IReadOnlyList<AlertEvent>, OutgoingEmail> _planned = new(
        ReferenceEqualityComparer.Instance
    );

    public OutgoingEmail Whole(Digest digest) => renderer.Render(digest);

    public long SizeOf(OutgoingEmail message) => DigestParts.SizeOf(message);

    public IReadOnlyList<IReadOnlyList<AlertEvent>> Plan(Digest digest, IReadOnlyList<AlertEvent> events, long maxBytes)
    {
        var whole = DigestParts.SizeOf(renderer.Render(digest with { Events = events }));
        var parts = DigestParts.Plan(digest, events, whole, maxBytes, renderer);
        _planned.Clear();
        foreach (var (part, email) in parts)
        {
            _planned[part] = email;
        }

        return parts.Select(p => p.Events).ToList();
    }

    public OutgoingEmail Part(Digest digest, IReadOnlyList<AlertEvent> events, int number, int count)
    {
        var email = _planned.TryGetValue(events, out var planned)
            ? planned
            : renderer.Render(digest with { Events = events });
        return DigestParts.Label(email, digest.DigestId, number, count);
    }
}
