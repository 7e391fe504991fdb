using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;

namespace TokenWatch.Core.Notifications;

/// <summary>What changed between a token before and now, as an admin reads it.</summary>
public static class NoticeChanges
{
    /// <summary>The changed fields; for a recovery or renewal without a "before", what cleared or moved.</summary>
    public static IReadOnlyList<NoticeChange> Of(AlertEvent e)
    {
        var changes = new List<NoticeChange>();
        if (e.Previous is { } before && e.Token is { } after)
        {
            Compare(
                changes,
                "Expiry",
                before.ExpiresAt is { } b ? Words.Day(b) : null,
                after.ExpiresAt is { } a ? Words.Day(a) : null
            );
            Compare(changes, "Apple ID", before.AppleId, after.AppleId);
            Compare(changes, "Topic", before.TopicId, after.TopicId);
            Compare(changes, "Name", before.Name, after.Name);
            Compare(changes, "State", before.State, after.State);
            Compare(changes, "Last sync status", before.SyncStatus, after.SyncStatus);
            Compare(
                changes,
                "Sync error",
                SyncErrorWording.Change(before.SyncErrorCode),
                SyncErrorWording.Change(after.SyncErrorCode)
            );
            Compare(changes, "Upload failure", before.FailureReason, after.FailureReason);
        }

        if (e.Kind == AlertEventKind.Recovered && changes.Count == 0 && e.Condition is { } condition)
        {
            changes.Add(new("Condition", NoticeText.Clean(Words.Spaced(condition.Code())), "cleared"));
        }

        if (e.Kind == AlertEventKind.Renewed && changes.Count == 0 && e.Token?.ExpiresAt is { } until)
        {
            changes.Add(new("Expiry", "earlier", Words.Day(until)));
        }

        return changes;
    }

    private static void Compare(List<NoticeChange> changes, string label, string? before, string? after)
    {
        var old = NoticeText.Clean(before);
        var now = NoticeText.Clean(after);
        if (!string.Equals(old, now, StringComparison.Ordinal))
        {
            changes.Add(new(label, old.Length == 0 ? "none" : old, now.Length == 0 ? "none" : now));
        }
    }
}
