namespace TokenWatch.Cli;

/// <summary>One moment of the demo's timeline: when, what happens, and the change to the simulated tenant.</summary>
internal sealed record DemoStep(TimeSpan At, string What, Action<DemoTenant, DateTimeOffset> Change)
{
    public static DemoStep OnDay(double days, string what, Action<DemoTenant, DateTimeOffset>? change = null) =>
        new(TimeSpan.FromDays(days), what, change ?? ((_, _) => { }));

    /// <summary>The same step an hour later: the second clean poll that ends a condition.</summary>
    public DemoStep AnHourLater(string what) => new(At + TimeSpan.FromHours(1), what, (_, _) => { });
}
