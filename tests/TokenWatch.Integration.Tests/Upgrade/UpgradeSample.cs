using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Upgrade;

/// <summary>
/// The story behind the stored sample of issue 16 (<c>Upgrade/sample-v1.json</c>): two tenants watched for three
/// days by the version before schema versions. The migration test plays the same tokens to the new version.
/// </summary>
internal static class UpgradeSample
{
    public static readonly string[] TenantIds = ["upgrade-sample-1.example", "upgrade-sample-2.example"];

    /// <summary>The tokens of both tenants as at the end of the sample (and after: nothing changes since).</summary>
    public static void Tokens(SimulatedIntune intune, DateTimeOffset start)
    {
        var first = intune.Tenant(TenantIds[0]);
        first.OneOfEach(start);
        first.AdeTokens[0].LastSyncErrorCode = 3; // critical from the first poll: an open alert, reminded daily
        first.VppTokens[0].ExpirationDateTime = start.AddDays(20); // warning: the 30-day milestone told
        var second = intune.Tenant(TenantIds[1]);
        second.OneOfEach(start, vppState: "invalid");
        foreach (var tenant in new[] { first, second })
        {
            tenant.ApnsCertificate = new SimulatedApnsCertificate
            {
                Id = "apns",
                AppleIdentifier = "apns@contoso.example",
                TopicIdentifier = "com.apple.mgmt.External.sample",
                ExpirationDateTime = start.AddDays(300),
            };
        }
    }

    /// <summary>
    /// What changed during the sample: tenant 2's VPP token valid again, then its ADE token in error.
    /// </summary>
    public static void AtEnd(SimulatedIntune intune)
    {
        intune.Tenant(TenantIds[1]).VppTokens[0].State = "valid";
        intune.Tenant(TenantIds[1]).AdeTokens[0].LastSyncErrorCode = 5;
    }

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "Upgrade", "sample-v1.json");

    /// <summary>
    /// Writes the sample with the code of this build; run once, by hand, on the commit named in the file.
    /// </summary>
    public static async Task WriteAsync(AzuriteFixture azurite, string file, string source)
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, sendGridUrl: sendGrid.Url, configure: s =>
        {
            for (var i = 0; i < TenantIds.Length; i++)
            {
                s[$"TokenWatch:Tenants:{i}:TenantId"] = TenantIds[i];
                s[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Sample {i + 1}";
            }
        });
        foreach (var id in TenantIds)
        {
            app.Intune.AddTenant(id);
        }

        var start = app.Clock.GetUtcNow();
        Tokens(app.Intune, start);
        var poll = app.Services.GetRequiredService<PollService>();
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var ledgers = app.Services.GetRequiredService<IAlertLedgerStore>();

        // Day 1: the baseline, then the ADE sync error and the VPP milestone told; APNs of tenant 1 snoozed.
        await poll.RunAsync(CancellationToken.None);
        await evaluation.RunAsync(CancellationToken.None);
        await ledgers.UpdateAsync(
            TenantIds[0],
            l => l.WithSnooze("apns:apns", new Snooze(start.AddDays(30), "renewal booked", start)),
            CancellationToken.None
        );
        for (var hour = 1; hour <= 48; hour++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            if (hour == 30)
            {
                app.Intune.Tenant(TenantIds[1]).VppTokens[0].State = "valid"; // a change: history rows, and a recovery
            }

            await poll.RunAsync(CancellationToken.None);
            await evaluation.RunAsync(CancellationToken.None);
        }

        // The last evaluation before the upgrade could not send: tenant 2's digest is left pending.
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Intune.Tenant(TenantIds[1]).AdeTokens[0].LastSyncErrorCode = 5;
        sendGrid.Outage = 503;
        await poll.RunAsync(CancellationToken.None);
        await evaluation.RunAsync(CancellationToken.None);

        var rows = new List<StoredRow>();
        rows.AddRange(await StoredRows.ReadAsync(azurite.ConnectionString, "TokenState", TenantIds));
        rows.AddRange(await StoredRows.ReadAsync(azurite.ConnectionString, "AlertLedger", TenantIds));
        await File.WriteAllTextAsync(file, StoredRows.Serialize(new StoredSample(app.Clock.GetUtcNow(), source, rows)));
    }
}
