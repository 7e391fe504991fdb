using TokenWatch.Core.Enrollment;

namespace TokenWatch.Core.Tests.Enrollment;

/// <summary>
/// What the scan makes of device rows Graph sends oddly: counted and bounded, never dropped or trusted.
/// </summary>
public sealed class EnrollmentTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static EnrollmentTally Tally() => new("t", "ade-1", Now, TimeSpan.FromHours(24));

    private static ImportedDevice Device(
        string? serial,
        string? state,
        string? platform = "ios",
        string? profile = null,
        DateTimeOffset? created = null,
        DateTimeOffset? contacted = null
    ) => new(serial, platform, created ?? Now.AddDays(-2), contacted, profile, state, IsDeleted: false);

    [Fact]
    public void Unassigned_needs_an_old_sync_no_contact_and_no_profile()
    {
        var tally = Tally();
        tally.Add(Device("OLD", "notContacted"), []);
        tally.Add(Device("NEW", "notContacted", created: Now.AddHours(-23)), []);
        tally.Add(Device("SEEN", "notContacted", contacted: Now.AddDays(-1)), []);
        tally.Add(Device("PROFILED", "notContacted", profile: "p"), []);
        tally.Add(Device("NODATE", "notContacted") with { CreatedAt = null }, []);

        var scan = tally.Finish(new Dictionary<string, bool>());

        Assert.Equal(1, scan.Unassigned);
        Assert.Equal(["OLD"], scan.Samples.Unassigned);
        Assert.Equal(4, scan.WithoutProfile);
        Assert.Equal(Now.AddDays(-2), scan.OldestWithoutProfileSince);
    }

    [Fact]
    public void Serials_samples_and_problems_stay_bounded_and_clean()
    {
        var tally = Tally();
        for (var i = 0; i < 40; i++)
        {
            tally.Add(Device($"S{i}\n<b>{new string('x', 100)}", "failed", profile: "p"), [$"odd field {i}"]);
        }

        var scan = tally.Finish(new Dictionary<string, bool>());

        Assert.Equal(40, scan.Count(EnrollmentStates.Failed));
        Assert.Equal(EnrollmentSamples.Max, scan.Samples.Failed.Count);
        Assert.All(scan.Samples.Failed, s => Assert.DoesNotContain('\n', s));
        Assert.All(scan.Samples.Failed, s => Assert.True(s.Length <= 42, s));
        Assert.Equal(11, scan.Problems.Count);
        Assert.Equal("and 30 more problems", scan.Problems[^1]);
    }

    [Fact]
    public void Platforms_past_the_bound_are_pooled_and_a_missing_default_is_only_what_Graph_said()
    {
        var tally = Tally();
        for (var i = 0; i < EnrollmentTally.MaxPlatforms + 5; i++)
        {
            tally.Add(Device($"P{i}", "enrolled", platform: $"platform{i}", profile: "p"), []);
        }

        tally.Add(Device("MAC", "notContacted", platform: "macOS"), []);
        tally.Add(Device("BLANK", null, platform: " "), []);

        var scan = tally.Finish(new Dictionary<string, bool> { ["platform0"] = true });

        Assert.Equal(EnrollmentTally.MaxPlatforms + 1, scan.Platforms.Count);
        Assert.Equal(7, scan.Platforms.Single(p => p.Platform == "other").Devices);
        Assert.Equal(true, scan.Platforms.Single(p => p.Platform == "platform0").HasDefaultProfile);
        Assert.All(scan.Platforms.Where(p => p.Platform != "platform0"), p => Assert.Null(p.HasDefaultProfile));
        Assert.Empty(scan.PlatformsWithoutDefault);
        Assert.Equal(1, scan.Count(EnrollmentStates.Other));
    }
}
