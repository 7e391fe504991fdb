using System.Text.RegularExpressions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// The enrollment conditions from end to end: the devices the simulator serves, read through the real Graph client,
/// stored in Azurite, judged by the evaluation and told in the email an admin reads.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed partial class EnrollmentConditionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task IPads_without_a_default_profile_are_a_warning_in_the_email_and_recover_once_a_default_is_set()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        var token = app.WithDevices([
            EnrollmentApp.Device("DMPXK1AAQ1GC", "notContacted", now.AddHours(-3), profile: null),
            EnrollmentApp.Device("DMPXK1AAQ2GC", "notContacted", now.AddHours(-3), profile: null),
        ]);

        var entered = Told(await app.CycleAsync(), Condition.NoDefaultProfile);

        Assert.Equal((AlertEventKind.Entered, HealthStatus.Warning), (entered.Kind, entered.Severity));
        var mail = Assert.Single(sendGrid.Accepted);
        Assert.Contains("WARNING", mail.Subject);
        Assert.Contains("has devices on a platform without a default enrollment profile", mail.Subject);
        var text = Flat(mail.Text);
        Assert.Contains(
            "2 devices synced from Apple Business have no enrollment profile, and ios has no default",
            text
        );
        Assert.Contains("DMPXK1AAQ1GC, DMPXK1AAQ2GC", text);
        Assert.Contains("Enrollment program tokens → \"Main ABM\" → Set Default Profile", text);

        // The admin sets a default profile; Intune assigns it to the waiting iPads.
        token.DefaultProfiles["ios"] = SimulatedFleet.ProfileId;
        foreach (var (device, i) in token.Devices.Select((d, i) => (d, i)).ToList())
        {
            token.Devices[i] = device with { RequestedEnrollmentProfileId = SimulatedFleet.ProfileId };
        }

        var events = new List<AlertEvent>();
        for (var hour = 0; hour < 3; hour++)
        {
            events.AddRange((await app.CycleAsync()).Events);
        }

        var recovered = Assert.Single(events);
        Assert.Equal((AlertEventKind.Recovered, Condition.NoDefaultProfile), (recovered.Kind, recovered.Condition));
        Assert.Contains("has a default enrollment profile", sendGrid.Accepted[^1].Subject);
    }

    [Fact]
    public async Task A_device_that_went_through_setup_without_a_profile_makes_it_critical()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([
            EnrollmentApp.Device("MAC000000001", "enrolled", now.AddDays(-2), null, "macOS", now.AddHours(-5)),
        ]);

        var entered = Told(await app.CycleAsync(), Condition.NoDefaultProfile);

        Assert.Equal(HealthStatus.Critical, entered.Severity);
        Assert.Equal(["macOS"], entered.Health!.Reasons.Single(r => r.Finding is not null).Finding!.Platforms);
    }

    [Fact]
    public async Task Devices_synced_long_ago_without_a_profile_are_unassigned_with_their_serials()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        var token = app.WithDevices(
            Enumerable
                .Range(1, 12)
                .Select(i => EnrollmentApp.Device($"UNAS{i:D8}", "notContacted", now.AddDays(-2), profile: null))
        );
        token.DefaultProfiles["ios"] = SimulatedFleet.ProfileId;

        var entered = Told(await app.CycleAsync(), Condition.DevicesUnassigned);

        Assert.Equal(HealthStatus.Warning, entered.Severity);
        var text = Flat(Assert.Single(sendGrid.Accepted).Text);
        Assert.Contains("12 devices synced from Apple Business more than a day ago have no enrollment profile", text);
        Assert.Contains("(the first 10 of 12)", text);
        Assert.Contains("UNAS00000001", text);
        Assert.DoesNotContain("UNAS00000011", text);
        Assert.Contains("Assign profile", text);
    }

    [Fact]
    public async Task Failed_enrollments_are_critical_and_told_again_when_more_devices_fail()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        var token = app.WithDevices([
            EnrollmentApp.Device("FAIL00000001", "failed", now.AddDays(-4), contacted: now.AddDays(-1)),
            EnrollmentApp.Device("GOOD00000001", "enrolled", now.AddDays(-4), contacted: now.AddDays(-1)),
        ]);

        var first = Told(await app.CycleAsync(), Condition.EnrollmentFailed);
        var same = await app.CycleAsync();
        token.Devices.Add(EnrollmentApp.Device("FAIL00000002", "failed", now.AddDays(-1), contacted: now));
        token.SyncedDeviceCount = token.Devices.Count;
        var grown = Told(await app.CycleAsync(), Condition.EnrollmentFailed);

        Assert.Equal((AlertEventKind.Entered, HealthStatus.Critical), (first.Kind, first.Severity));
        Assert.Empty(same.Events);
        Assert.Equal(AlertEventKind.Entered, grown.Kind);
        var text = Flat(sendGrid.Accepted[^1].Text);
        Assert.Contains("2 devices did not complete Automated Device Enrollment", text);
        Assert.Contains("FAIL00000001, FAIL00000002", text);
        Assert.Contains("Troubleshoot", text);
        Assert.Equal(2, sendGrid.Accepted.Count);
    }

    [Fact]
    public async Task Blocked_devices_are_a_warning_that_names_the_company_portal()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("BLCK00000001", "blocked", now.AddDays(-4), contacted: now)]);

        var entered = Told(await app.CycleAsync(), Condition.EnrollmentBlocked);

        Assert.Equal(HealthStatus.Warning, entered.Severity);
        var text = Flat(Assert.Single(sendGrid.Accepted).Text);
        Assert.Contains("1 device enrolled without a user cannot move to user enrollment", text);
        Assert.Contains("Company Portal", text);
        Assert.Contains("BLCK00000001", text);
    }

    [Fact]
    public async Task Intune_judging_a_healthy_token_unhealthy_is_told_in_its_own_words()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("GOOD00000001", "enrolled", now.AddDays(-4), contacted: now)]);
        app.Tenant(0).Connectors.Add(new("appleDepLastSyncDateTime", "ade-1", "unhealthy", now.AddDays(-1)));
        app.Tenant(0).Connectors.Add(new("vppTokenLastSyncDateTime", "vpp-1", "healthy", now));

        var evaluated = await app.CycleAsync();

        var entered = Assert.Single(evaluated.Events);
        Assert.Equal(
            (Condition.IntuneReportsUnhealthy, HealthStatus.Critical, "ade-1"),
            (entered.Condition, entered.Severity, entered.Token!.Id)
        );
        var text = Flat(Assert.Single(sendGrid.Accepted).Text);
        Assert.Contains("Intune's own connector status reports 'unhealthy' for appleDepLastSyncDateTime", text);
        Assert.Contains("Tenant status → Connector status", text);
    }

    [Fact]
    public async Task Intune_verdict_naming_no_token_of_the_tenant_is_told_for_its_kind_not_dropped()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await StartAsync(sendGrid);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("GOOD00000001", "enrolled", now.AddDays(-4), contacted: now)]);
        app.Tenant(0).Connectors.Add(new("appleDepExpirationDateTime", "connector-7f3a", "warning", now));

        var evaluated = await app.CycleAsync();

        var entered = Assert.Single(evaluated.Events);
        Assert.Equal(
            (Condition.IntuneReportsUnhealthy, HealthStatus.Warning, "ade-1"),
            (entered.Condition, entered.Severity, entered.Token!.Id)
        );
        Assert.Contains(
            "reports 'warning' for appleDepExpirationDateTime",
            Flat(Assert.Single(sendGrid.Accepted).Text)
        );
    }

    [Fact]
    public async Task Device_conditions_are_held_back_while_the_token_is_in_sync_error_and_told_once_it_is_fine()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        var token = app.WithDevices([
            EnrollmentApp.Device("FAIL00000001", "failed", now.AddDays(-4), contacted: now.AddDays(-1)),
        ]);
        token.LastSyncErrorCode = 3;
        token.Syncing = false;
        token.LastSuccessfulSyncDateTime = now.AddHours(-2);
        token.LastSyncTriggeredDateTime = now.AddHours(-1);

        var broken = await app.CycleAsync();

        Assert.Equal([Condition.SyncError], broken.Events.Select(e => e.Condition!.Value));

        token.LastSyncErrorCode = 0;
        token.Syncing = true;
        var events = new List<AlertEvent>();
        for (var hour = 0; hour < 3; hour++)
        {
            events.AddRange((await app.CycleAsync()).Events);
        }

        Assert.Contains(events, e => e.Kind == AlertEventKind.Entered && e.Condition == Condition.EnrollmentFailed);
        Assert.Contains(events, e => e.Kind == AlertEventKind.Recovered && e.Condition == Condition.SyncError);
    }

    [Fact]
    public async Task A_scan_that_fails_finds_no_device_condition_and_never_recovers_one()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("FAIL00000001", "failed", now.AddDays(-4), contacted: now)]);
        Told(await app.CycleAsync(), Condition.EnrollmentFailed);

        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.AdeDevices, SimulatedFault.ServerError());
        var events = new List<AlertEvent>();
        for (var hour = 0; hour < 4; hour++)
        {
            events.AddRange((await app.CycleAsync()).Events);
        }

        Assert.True((await app.TokenAsync()).IsUnknown);
        Assert.DoesNotContain(events, e => e.Condition == Condition.EnrollmentFailed);
    }

    [Fact]
    public async Task A_tenant_whose_scan_failed_from_the_start_is_told_no_device_condition()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        app.WithDevices([EnrollmentApp.Device("FAIL00000001", "failed", now.AddDays(-4), contacted: now)]);
        app.Tenant(0).AddPersistentFault(SimulatedEndpoint.AdeDevices, SimulatedFault.ServerError());

        var evaluated = await app.CycleAsync();

        Assert.Empty(evaluated.Events);
        var stored = await app.TokenAsync();
        Assert.True(stored.IsUnknown);
        Assert.Null(stored.LastComplete);
    }

    private Task<TestApp> StartAsync(FakeSendGrid sendGrid) =>
        TestApp.StartGraphAsync(azurite, tenants: 1, configure: settings =>
        {
            settings["TokenWatch:Email:SendGridApiKey"] = "SG.test-key-not-secret";
            settings["TokenWatch:Email:SendGridHost"] = sendGrid.Url;
        });

    /// <summary>The one event the evaluation told about <paramref name="condition"/>.</summary>
    private static AlertEvent Told(TenantEvaluation evaluated, Condition condition) =>
        Assert.Single(evaluated.Events, e => e.Condition == condition);

    private static string Flat(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
