using TokenWatch.Core.Alerts;

namespace TokenWatch.Core.Notifications;

/// <summary>One digest being sent in parts by <see cref="InParts"/>: what is left, what went, the budget now.</summary>
internal sealed class PartedSend<TMessage>(
    Digest digest,
    IPartedFormat<TMessage> format,
    Func<TMessage, CancellationToken, Task> send,
    Action<int, long> announce,
    IDigestLease lease,
    long budget,
    TimeSpan postTimeout
)
{
    private IReadOnlyList<AlertEvent> _remaining = digest.Events;
    private TMessage? _first;
    private bool _anySent;

    // Parts accepted in earlier evaluations keep their numbers: this send goes on after them.
    private int _sent = lease.PartsAccepted;

    public async Task<TMessage> RunAsync(CancellationToken cancellationToken)
    {
        while (_remaining.Count > 0)
        {
            var groups = format.Plan(digest, _remaining, budget);
            var total = _sent + groups.Count;
            announce(total, budget);
            var replanned = false;
            foreach (var events in groups)
            {
                if (!await TrySendAsync(events, total, cancellationToken))
                {
                    replanned = true;
                    break;
                }
            }

            if (!replanned && _remaining.Count > 0)
            {
                throw new InvalidOperationException("The digest's parts did not cover all its events.");
            }
        }

        return _anySent ? _first! : throw new InvalidOperationException("A digest without events has no parts.");
    }

    /// <summary>
    /// Sends the next part and records it accepted; false when it was refused for its size and the rest must be
    /// planned again.
    /// </summary>
    private async Task<bool> TrySendAsync(IReadOnlyList<AlertEvent> events, int total, CancellationToken ct)
    {
        InParts.ThrowIfNoTime(lease, postTimeout, _sent);
        var part = format.Part(digest, events, _sent + 1, total);
        try
        {
            await send(part, ct);
        }
        catch (DeliveryException ex) when (ex.TooLarge && events.Count > 1)
        {
            budget = Math.Max(1, format.SizeOf(part) / 2);
            return false;
        }

        await lease.PartAcceptedAsync(events, ct);
        if (!_anySent)
        {
            _first = part;
            _anySent = true;
        }

        _sent++;
        _remaining = _remaining.Skip(events.Count).ToList();
        return true;
    }
}
