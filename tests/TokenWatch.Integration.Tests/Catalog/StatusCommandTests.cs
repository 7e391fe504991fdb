using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Catalog;

/// <summary><c>tokenwatch status</c> over catalog tenants, from what the last poll stored (no Graph call).</summary>
[Collection(AzuriteGroup.Name)]
public sealed class StatusCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Status_lists_every_tenants_tokens_worst_first_then_by_days_left_with_filters_and_renewals()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        // The CLI judges with the real clock: dates relative to it, and no sync left to age.
        var now = DateTimeOffset.UtcNow;
        var (broken, expiring, fine) = (
            Guid.NewGuid().ToString(),
            Guid.NewGuid().ToString(),
            Guid.NewGuid().ToString()
        );
        // A current sync error: the latest sync Intune started failed (no success since it started).
        var failing = Seed(app.Intune.AddTenant(broken), now, ade: 200, vpp: 150, apns: 300).AdeTokens[0];
        (failing.LastSyncErrorCode, failing.LastSyncTriggeredDateTime) = (3, now.AddMinutes(-30)); // past its grace
        Seed(app.Intune.AddTenant(expiring), now, ade: 120, vpp: 20, apns: 300);
        Seed(app.Intune.AddTenant(fine), now, ade: 100, vpp: 110, apns: 50);
        foreach (var (id, name) in new[] { (broken, "Broken"), (expiring, "Expiring"), (fine, "Fine") })
        {
            await cli.RunAsync("tenants", "add", id, "--name", name);
        }

        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        var graphRequests = app.Intune.RequestCount;

        var all = await cli.RunAsync("status", "--output", "json");
        var warning = await cli.RunAsync("status", "--status", "warning", "--output", "csv");
        var apnsSoon = await cli.RunAsync("status", "--kind", "apns", "--expires-within", "60d", "--output", "json");
        var renewals = await cli.RunAsync("status", "--renewals");

        Assert.Equal(graphRequests, app.Intune.RequestCount); // stored state only
        Assert.True(all.ExitCode == 0, all.Err); // a report: 0 whatever the tokens say (check alerts)
        var rows = JsonDocument
            .Parse(all.Out)
            .RootElement.EnumerateArray()
            .Select(r =>
                (
                    Tenant: r.GetProperty("tenant").GetString(),
                    Kind: r.GetProperty("kind").GetString(),
                    Status: r.GetProperty("status").GetString(),
                    Days: r.GetProperty("daysLeft").GetInt32()
                )
            )
            .ToList();
        Assert.Equal(9, rows.Count);
        Assert.Equal(("Broken", "ade", "critical"), (rows[0].Tenant, rows[0].Kind, rows[0].Status));
        Assert.Equal(("Expiring", "vpp", "warning", 19), (rows[1].Tenant, rows[1].Kind, rows[1].Status, rows[1].Days));
        Assert.Equal(rows.Skip(2).Select(r => r.Days).Order(), rows.Skip(2).Select(r => r.Days));
        Assert.All(rows.Skip(2), r => Assert.Equal("ok", r.Status));
        var csvLines = warning.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, csvLines.Length);
        Assert.StartsWith(
            $"{expiring},Expiring,vpp,Apps and Books,vpp-1,warning,19,",
            csvLines[1],
            StringComparison.Ordinal
        );
        var apns = Assert.Single(JsonDocument.Parse(apnsSoon.Out).RootElement.EnumerateArray());
        Assert.Equal("Fine", apns.GetProperty("tenant").GetString());
        var renewalLines = renewals.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["vpp", "apns"],
            renewalLines.Skip(1).Take(2).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[1].Trim())
        );
        Assert.Contains("2 tokens expire within 90 days, over 3 tenants", renewals.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_table_fits_120_columns_with_names_first_reasons_below_and_snoozes_shown()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var now = DateTimeOffset.UtcNow;
        var (broken, fine) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var failing = Seed(app.Intune.AddTenant(broken), now, ade: 200, vpp: 150, apns: 300).AdeTokens[0];
        // Triggered past the sync-in-progress grace, so the code is a current sync error.
        (failing.LastSyncErrorCode, failing.LastSyncTriggeredDateTime) = (3, now.AddMinutes(-30));
        Seed(app.Intune.AddTenant(fine), now, ade: 100, vpp: 110, apns: 50);
        var longName = "Broken Holdings International Regional Services Division";
        await cli.RunAsync("tenants", "add", broken, "--name", longName);
        await cli.RunAsync("tenants", "add", fine, "--name", "Fine");
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        var until = now.AddDays(10).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var snoozed = await cli.RunAsync(
            "snooze",
            "--tenant",
            broken,
            "--token",
            "ade:ade-1",
            "--until",
            until,
            "--reason",
            "renewal booked"
        );
        Assert.True(snoozed.ExitCode == 0, snoozed.Err);

        var status = await cli.RunAsync("status");

        var lines = status.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.Equal(["TENANT", "KIND", "TOKEN", "STATUS", "DAYS", "EXPIRES", "SNOOZED"], Words(lines[0]));
        // Names before ids: the rows start with the (bounded) name; the id is in the tenant's line below.
        Assert.StartsWith("Broken Holdings International", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(broken, lines[1], StringComparison.Ordinal);
        Assert.Matches(@"\bade\b.*CRITICAL \[1\].*" + until + "$", lines[1]);
        var reason = Assert.Single(lines, l => l.StartsWith("[1] ", StringComparison.Ordinal));
        Assert.Contains("sync", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(lines, l => l.StartsWith($"Fine ({fine}): OK", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"({broken}): CRITICAL", StringComparison.Ordinal));
        var json = JsonDocument.Parse((await cli.RunAsync("status", "--output", "json")).Out).RootElement;
        var ade = json.EnumerateArray()
            .Single(r => r.GetProperty("tenantId").GetString() == broken && r.GetProperty("kind").GetString() == "ade");
        Assert.StartsWith(until, ade.GetProperty("snoozedUntil").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_csv_writes_no_cell_a_spreadsheet_runs_as_a_formula_and_keeps_past_days_a_number()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid().ToString();
        var tenant = Seed(app.Intune.AddTenant(id), now, ade: 200, vpp: 150, apns: 300);
        // Names a customer's own admin sets in Apple Business Manager, read from Graph as they are.
        (tenant.VppTokens[0].DisplayName, tenant.VppTokens[0].AppleId) = (
            "=HYPERLINK(\"http://evil.example\",\"Renew\")",
            "@SUM(A1)"
        );
        tenant.AdeTokens[0].TokenName = "+1+cmd|' /C calc'!A0";
        tenant.ApnsCertificate!.ExpirationDateTime = now.AddDays(-3).AddHours(-1);
        await cli.RunAsync("tenants", "add", id, "--name", "=Contoso");
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);

        var csv = await cli.RunAsync("status", "--output", "csv");

        Assert.True(csv.ExitCode == 0, csv.Err);
        using var reader = new CsvHelper.CsvReader(new StringReader(csv.Out), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }

        Assert.Equal(4, rows.Count);
        var days = Array.IndexOf(rows[0], "DAYS");
        var cells = rows.Skip(1).SelectMany(r => r.Where((_, i) => i != days)).Where(c => c.Length > 0).ToList();
        Assert.DoesNotContain(cells, c => c[0] is '=' or '+' or '-' or '@');
        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"Renew\")", cells);
        Assert.Contains("'@SUM(A1)", cells);
        Assert.Contains("'+1+cmd|' /C calc'!A0", cells);
        Assert.Contains("'=Contoso", cells);
        // An expired certificate's days stay a number a spreadsheet sorts, not text.
        Assert.Contains(rows.Skip(1), r => r[days] == "-3");
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static SimulatedTenant Seed(SimulatedTenant tenant, DateTimeOffset now, int ade, int vpp, int apns)
    {
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = "ade-1",
                TokenName = "Main ABM",
                TokenExpirationDateTime = now.AddDays(ade).AddHours(1),
                Syncing = false,
                LastSuccessfulSyncDateTime = now.AddHours(-1),
            }
        );
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "vpp-1",
                DisplayName = "Apps and Books",
                ExpirationDateTime = now.AddDays(vpp).AddHours(-1),
                State = "valid",
                Syncing = false,
                LastSyncDateTime = now.AddHours(-1),
            }
        );
        tenant.ApnsCertificate = new SimulatedApnsCertificate { ExpirationDateTime = now.AddDays(apns).AddHours(1) };
        return tenant;
    }
}
