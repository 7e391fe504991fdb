using System.Text.Json.Nodes;
using TokenWatch.Cli;
using TokenWatch.Core.Notifications;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Enrollment;

/// <summary>
/// <c>tokenwatch history</c> of a tenant whose enrollment scan found a condition and later its recovery: what an admin
/// reads after the real scan and evaluation stored their events in Azurite.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class EnrollmentHistoryTests(AzuriteFixture azurite)
{
    private const string Found =
        "ADE token \"Main ABM\" has devices on a platform without a default enrollment profile";

    [Fact]
    public async Task History_shows_an_enrollment_condition_found_open_and_then_recovered()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        Dictionary<string, string?> settings = [];
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1, configure: s =>
        {
            s["TokenWatch:Email:SendGridApiKey"] = "SG.test-key-not-secret";
            s["TokenWatch:Email:SendGridHost"] = sendGrid.Url;
            settings = s;
        });
        var start = app.Clock.GetUtcNow();
        var token = app.WithDevices([
            EnrollmentApp.Device("DMPXK1AAQ1GC", "notContacted", start.AddHours(-3), profile: null),
        ]);
        await app.CycleAsync();
        var whileOpen = await HistoryAsync(settings, app.TenantIds[0]);

        token.DefaultProfiles["ios"] = SimulatedFleet.ProfileId;
        token.Devices[0] = token.Devices[0] with { RequestedEnrollmentProfileId = SimulatedFleet.ProfileId };
        for (var hour = 0; hour < 3; hour++)
        {
            await app.CycleAsync();
        }

        var afterwards = await HistoryAsync(settings, app.TenantIds[0]);

        Assert.Contains($"{Words.Date(start)}  sent      [TokenWatch] WARNING · Tenant 1 · {Found}", whileOpen);
        Assert.Contains($"entered: {Found}", whileOpen);
        Assert.Contains($"ade:ade-1 \"Main ABM\": no-default-profile warning since {Words.Date(start)}", whileOpen);
        Assert.Contains($"entered: {Found}", afterwards);
        Assert.Contains(
            "sent      [TokenWatch] RECOVERED · Tenant 1 · ADE token \"Main ABM\" has a default enrollment profile",
            afterwards
        );
        Assert.Contains("recovered: ADE token \"Main ABM\" has a default enrollment profile", afterwards);
        Assert.DoesNotContain("no-default-profile warning since", afterwards);
        Assert.True(
            afterwards.IndexOf($"entered: {Found}", StringComparison.Ordinal)
                < afterwards.IndexOf("recovered: ADE token \"Main ABM\"", StringComparison.Ordinal)
        );
    }

    /// <summary>Runs <c>history</c> as an admin would, with the app's settings as its <c>--config</c> file.</summary>
    private static async Task<string> HistoryAsync(Dictionary<string, string?> settings, string tenantId)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tokenwatch-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(file, ConfigJson(settings));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var args = new[] { "history", "--tenant", tenantId, "--days", "3650", "--config", file };
            var code = await TokenWatchCli.RunAsync(args, stdout, stderr, CancellationToken.None);
            Assert.True(code == 0, stderr.ToString());
            return stdout.ToString().ReplaceLineEndings("\n");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string ConfigJson(Dictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var path = key.Split(':');
            var node = root;
            foreach (var part in path[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[path[^1]] = value;
        }

        return root.ToJsonString();
    }
}
