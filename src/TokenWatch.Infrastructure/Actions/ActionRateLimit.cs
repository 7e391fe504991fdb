using System.Collections.Concurrent;
using TokenWatch.Core.Actions;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// A fixed one-minute window per key (a client address, a link): at most
/// <see cref="ActionSettings.RequestsPerMinute"/> requests each. The table is bounded: when it grows past
/// <see cref="MaxKeys"/> the windows that ended are dropped, and if none did, everything is, which at worst lets a
/// flood through for one window instead of growing memory without end.
/// </summary>
public sealed class ActionRateLimit(ActionSettings settings, TimeProvider clock)
{
    public const int MaxKeys = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Count)> _windows = new();

    /// <summary>Counts a request for <paramref name="key"/>; false when its window is already full.</summary>
    public bool TryTake(string key)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > MaxKeys)
        {
            Prune(now);
        }

        var window = _windows.AddOrUpdate(
            key,
            _ => (now, 1),
            (_, w) => now - w.Start >= Window ? (now, 1) : (w.Start, w.Count + 1)
        );
        return window.Count <= settings.RequestsPerMinute;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (now - window.Start >= Window)
            {
                _windows.TryRemove(key, out _);
            }
        }

        if (_windows.Count > MaxKeys)
        {
            _windows.Clear();
        }
    }
}
