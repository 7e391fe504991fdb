namespace TokenWatch.Core.Tokens;

/// <summary>How long a kind's last successful sync may be before it is a warning, and then critical.</summary>
public sealed record SyncWindow(TimeSpan Warning, TimeSpan Critical)
{
    public static SyncWindow FromHours(int warningHours, int criticalHours) =>
        new(TimeSpan.FromHours(warningHours), TimeSpan.FromHours(criticalHours));
}
