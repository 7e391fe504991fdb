namespace TokenWatch.Core.Polling;

/// <summary>How a poll found a token compared with the stored one.</summary>
public enum TokenChangeKind
{
    Added,
    Changed,
    Removed,
}
