namespace TokenWatch.Simulator;

/// <summary>
/// A token's devices in a fixed mix, for scale and demos: nine in ten iOS, one in ten macOS; 1 in 100 failed, 1 in
/// 250 blocked, 1 in 40 synced three days ago and never contacted without a profile, the rest enrolled with one.
/// </summary>
public static class SimulatedFleet
{
    public const string ProfileId = "5b1f3c2e-0000-4000-8000-00000000a001";

    public static IEnumerable<SimulatedDevice> Create(int count, DateTimeOffset now, string serialPrefix = "F")
    {
        for (var i = 0; i < count; i++)
        {
            var serial = $"{serialPrefix}{i:D9}";
            var platform = i % 10 == 0 ? "macOS" : "ios";
            var synced = now.AddDays(-30);
            yield return (i % 100, i % 250, i % 40) switch
            {
                (1, _, _) => new(serial, platform, synced, now.AddDays(-1), ProfileId, "failed"),
                (_, 2, _) => new(serial, platform, synced, now.AddDays(-1), ProfileId, "blocked"),
                (_, _, 3) => new(serial, platform, now.AddDays(-3), null, null, "notContacted"),
                _ => new(serial, platform, synced, now.AddDays(-2), ProfileId, "enrolled"),
            };
        }
    }
}
