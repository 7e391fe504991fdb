using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Retention;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Unattended;

/// <summary>
/// The clean-up and the audit of alert actions, on a fake clock: an audit row goes after its retention but never
/// while the silencing it records still runs; a used link's row goes once the link has expired (a row written before
/// links carried their expiry, after the longest lifetime a link can have).
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class AuditRetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Audit_rows_go_after_their_retention_and_used_links_after_their_expiry()
    {
        await using var app = await TestApp.StartAsync(azurite, configure: s =>
            s["TokenWatch:Retention:AuditDays"] = "30"
        );
        var actions = app.Services.GetRequiredService<AlertActions>();
        var retention = app.Services.GetRequiredService<RetentionService>();
        var start = app.Clock.GetUtcNow();
        var tenant = app.TenantIds[0];
        var acknowledged = new ActionRequest(tenant, "ade:ade-1", "ticket 1", "ops", "d1", "link-ack")
        {
            LinkExpiresAt = start.AddDays(14),
        };
        Assert.True(await actions.AcknowledgeAsync(acknowledged, "sync-error", CancellationToken.None));
        var snoozed = new ActionRequest(tenant, "vpp:vpp-1", "ticket 2", "ops", "d1", "link-old");
        Assert.True(await actions.SnoozeAsync(snoozed, start.AddDays(7), CancellationToken.None));

        // The audit rows left, and the used links' rows left, after a clean-up on the given day.
        async Task<(int Audit, string Links)> AfterAsync(int days)
        {
            app.Clock.Advance(start.AddDays(days) - app.Clock.GetUtcNow());
            Assert.Equal(0, (await retention.RunAsync(CancellationToken.None)).FailedTenants);
            var rows = await app.RowsAsync(TableStorage.TokenStateTable);
            return (
                rows.Count(r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal)),
                string.Join(
                    ",",
                    rows.Where(r => r.RowKey.StartsWith("actlink|", StringComparison.Ordinal))
                        .Select(r => r.RowKey["actlink|".Length..])
                        .Order(StringComparer.Ordinal)
                )
            );
        }

        Assert.Equal((2, "link-ack,link-old"), await AfterAsync(13));
        Assert.Equal((2, "link-old"), await AfterAsync(15));
        // Past 30 days the snooze's record goes; the acknowledgement still runs (366 days), so its record stays.
        Assert.Equal((1, "link-old"), await AfterAsync(31));
        var audit = app.Services.GetRequiredService<IAlertAudit>();
        var kept = Assert.Single(await audit.ListAsync(tenant, DateTimeOffset.MinValue, CancellationToken.None));
        Assert.Equal(AuditedAction.Acknowledge, kept.Action);
        Assert.Equal((1, ""), await AfterAsync(91));
        Assert.Equal((0, ""), await AfterAsync(367));
    }
}
