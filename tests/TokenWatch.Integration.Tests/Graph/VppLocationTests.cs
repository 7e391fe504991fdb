using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Cli;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// VPP tokens are location tokens, and only Graph beta says which location: v1.0 has no <c>locationName</c>,
/// <c>displayName</c> or <c>tokenActionResults</c>, and no <c>duplicateLocationId</c> state, so read from v1.0 every
/// location of an organization was "Contoso Ltd". The simulator serves both versions as Graph does; these tests read
/// through the real Graph client and show what an admin sees in <c>check</c> and in the email.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class VppLocationTests(AzuriteFixture azurite)
{
    private const string Organization = "Contoso Ltd";

    /// <summary>Two locations of one organization, uploaded under the same admin-typed name.</summary>
    private static void TwoLocations(SimulatedTenant tenant, DateTimeOffset now, string berlinState = "valid")
    {
        tenant.VppTokens.Clear();
        tenant.VppTokens.Add(Location("vpp-seattle", "Seattle", now, "valid"));
        tenant.VppTokens.Add(Location("vpp-berlin", "Berlin", now, berlinState));
    }

    private static SimulatedVppToken Location(string id, string location, DateTimeOffset now, string state) =>
        new()
        {
            Id = id,
            OrganizationName = Organization,
            LocationName = location,
            DisplayName = "Contoso VPP",
            AppleId = "vpp@contoso.example",
            ExpirationDateTime = now.AddDays(200),
            State = state,
        };

    [Fact]
    public async Task VPP_tokens_are_read_from_Graph_beta_and_named_by_location_and_organization()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        TwoLocations(app.Tenant(0), app.Clock.GetUtcNow());

        var reading = await app.ReadAsync(0);

        Assert.Empty(reading.Failures);
        var vpp = reading
            .Tokens.Where(t => t.Kind == TokenKind.Vpp)
            .OrderBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Berlin (Contoso Ltd)", "Seattle (Contoso Ltd)"], vpp.Select(t => t.Name));
        Assert.Equal(["Berlin", "Seattle"], vpp.Select(t => t.Location));
        Assert.All(vpp, t => Assert.Equal(Organization, t.Organization));
        var paths = app.Tenant(0)
            .Requests.Where(r => r.Endpoint == SimulatedEndpoint.Vpp)
            .Select(r => r.PathAndQuery)
            .ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.StartsWith($"/tenants/{app.TenantIds[0]}/beta/deviceAppManagement/vppTokens", p));
    }

    [Fact]
    public async Task The_simulator_serves_v1_without_the_beta_fields_and_states_as_Graph_does()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        TwoLocations(app.Tenant(0), app.Clock.GetUtcNow(), berlinState: "duplicateLocationId");
        var now = app.Clock.GetUtcNow();
        app.Tenant(0).VppTokens[1].TokenActionResults.Add(new("syncLicenses", "failed", now, now));
        var root = app.Intune.GraphUrlFor(app.TenantIds[0]);
        using var http = new HttpClient();

        using var v1 = JsonDocument.Parse(await http.GetStringAsync($"{root}/v1.0/deviceAppManagement/vppTokens"));
        using var beta = JsonDocument.Parse(await http.GetStringAsync($"{root}/beta/deviceAppManagement/vppTokens"));

        var v1Berlin = v1.RootElement.GetProperty("value")[1];
        // v1.0's vppTokenState has no duplicateLocationId.
        Assert.Equal("unknown", v1Berlin.GetProperty("state").GetString());
        Assert.Equal(Organization, v1Berlin.GetProperty("organizationName").GetString());
        foreach (var betaOnly in new[] { "displayName", "locationName", "tokenActionResults" })
        {
            Assert.False(v1Berlin.TryGetProperty(betaOnly, out _), $"v1.0 sent {betaOnly}");
        }

        var betaBerlin = beta.RootElement.GetProperty("value")[1];
        Assert.Equal("duplicateLocationId", betaBerlin.GetProperty("state").GetString());
        Assert.Equal("Berlin", betaBerlin.GetProperty("locationName").GetString());
        Assert.Equal("failed", betaBerlin.GetProperty("tokenActionResults")[0].GetProperty("actionState").GetString());
    }

    [Fact]
    public async Task A_duplicateLocationId_state_from_beta_is_read_verbatim_and_critical()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        TwoLocations(app.Tenant(0), app.Clock.GetUtcNow(), berlinState: "duplicateLocationId");

        var reading = await app.ReadAsync(0);

        var berlin = reading.Tokens.Single(t => t.Key == "vpp:vpp-berlin");
        Assert.Equal("duplicateLocationId", berlin.State);
        var health = app.Rules.Evaluate(berlin, app.Clock.GetUtcNow());
        Assert.Equal(HealthStatus.Critical, health.Status);
        Assert.Equal([Condition.InvalidState], health.Reasons.Select(r => r.Condition));
        var seattle = reading.Tokens.Single(t => t.Key == "vpp:vpp-seattle");
        Assert.Equal(HealthStatus.Ok, app.Rules.Evaluate(seattle, app.Clock.GetUtcNow()).Status);
    }

    [Fact]
    public async Task An_answer_without_the_beta_fields_still_reads_and_is_named_by_organization()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        TwoLocations(app.Tenant(0), app.Clock.GetUtcNow());
        foreach (var token in app.Tenant(0).VppTokens)
        {
            token.Omit("displayName");
            token.Omit("locationName");
            token.Omit("tokenActionResults");
        }

        var reading = await app.ReadAsync(0);

        Assert.Empty(reading.Failures);
        var vpp = reading.Tokens.Where(t => t.Kind == TokenKind.Vpp).ToList();
        Assert.Equal(2, vpp.Count);
        Assert.All(vpp, t =>
        {
            Assert.Equal(Organization, t.Name);
            Assert.Null(t.Location);
            Assert.Null(t.LastAction);
            Assert.Empty(t.Problems);
            Assert.Equal(HealthStatus.Ok, app.Rules.Evaluate(t, app.Clock.GetUtcNow()).Status);
        });
    }

    [Fact]
    public async Task The_latest_failed_action_is_kept_unless_a_later_run_of_it_completed_and_is_stored()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        var now = app.Clock.GetUtcNow();
        TwoLocations(app.Tenant(0), now);
        var seattle = app.Tenant(0).VppTokens[0].TokenActionResults;
        seattle.Add(new("syncLicenses", "failed", now.AddDays(-2), now.AddDays(-2)));
        seattle.Add(new("syncLicenses", "done", now.AddDays(-1), now.AddDays(-1)));
        var berlin = app.Tenant(0).VppTokens[1].TokenActionResults;
        berlin.Add(new("syncLicenses", "done", now.AddDays(-3), now.AddDays(-3)));
        berlin.Add(new("revokeLicenses", "failed", now.AddDays(-2), now.AddDays(-2).AddMinutes(5)));
        berlin.Add(new("syncLicenses", "failed", now.AddDays(-1), now.AddDays(-1).AddMinutes(7)));
        berlin.Add(new("syncLicenses", "active", now.AddHours(-1), null));

        await app.PollAsync();

        var stored = (await app.StoredAsync(0))
            .Tokens.Select(t => t.Observation)
            .Where(t => t.Kind == TokenKind.Vpp)
            .ToDictionary(t => t.Id);
        Assert.Null(stored["vpp-seattle"].LastAction);
        var expected = $"syncLicenses: failed at {now.AddDays(-1).AddMinutes(7).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.Equal(expected, stored["vpp-berlin"].LastAction);
        var berlinStored = stored["vpp-berlin"];
        Assert.Equal("Berlin (Contoso Ltd)", berlinStored.Name);
        Assert.Equal(("Berlin", Organization), (berlinStored.Location, berlinStored.Organization));
        var history = await app
            .Services.GetRequiredService<TableTokenStateStore>()
            .ReadChangesAsync(app.TenantIds[0], TestApp.Start, "vpp:vpp-berlin", CancellationToken.None);
        var added = Assert.Single(history).Observation!;
        Assert.Equal(("Berlin", Organization, expected), (added.Location, added.Organization, added.LastAction));
        Assert.Equal(HealthStatus.Ok, app.Rules.Evaluate(berlinStored, now).Status); // a fact, judged by no rule
    }

    [Fact]
    public async Task A_403_on_the_beta_read_names_the_ServiceConfig_permission()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 1);
        app.Tenant(0).AddFault(SimulatedEndpoint.Vpp, SimulatedFault.Forbidden());

        var reading = await app.ReadAsync(0);

        var failure = Expect.OnlyFailed(reading, TokenKind.Vpp, "permission-missing");
        Assert.Contains("DeviceManagementServiceConfig.Read.All is missing", failure.Message);
        var request = app.Tenant(0).Requests.Single(r => r.Endpoint == SimulatedEndpoint.Vpp);
        Assert.Contains("/beta/deviceAppManagement/vppTokens", request.PathAndQuery);
    }

    [Fact]
    public async Task Two_locations_of_one_organization_are_told_apart_in_one_digest()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-vpp-" + Guid.NewGuid());
        await using var app = await TestApp.StartAsync(azurite, outbox: outbox);
        app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        TwoLocations(app.Tenant(), app.Clock.GetUtcNow(), berlinState: "invalid");
        app.Tenant().VppTokens[0].State = "expired";

        await app.Services.GetRequiredService<PollService>().PollEachAsync(CancellationToken.None);
        await app.Services.GetRequiredService<EvaluationService>().EvaluateEachAsync(CancellationToken.None);

        var message = await MimeKit.MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(outbox, "*.eml")));
        Assert.Contains("VPP token \"", message.Subject);
        Assert.Contains("(Contoso Ltd)\"", message.Subject);
        foreach (var name in new[] { "Seattle (Contoso Ltd)", "Berlin (Contoso Ltd)" })
        {
            Assert.Contains($"VPP token \"{name}\"", message.TextBody);
            Assert.Contains($"VPP token &quot;{name}&quot;", message.HtmlBody);
        }

        Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public async Task Two_locations_of_one_organization_are_told_apart_by_check_in_JSON_and_in_the_table()
    {
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var tenant = intune.AddTenant("contoso").OneOfEach(now);
        TwoLocations(tenant, now, berlinState: "invalid");
        var config = Path.Combine(Path.GetTempPath(), $"tokenwatch-check-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(
                new
                {
                    TokenWatch = new
                    {
                        Graph = new { BaseUrl = intune.BaseUrl + "/tenants/{tenantId}", Auth = "None" },
                        Tenants = new[] { new { TenantId = "contoso", DisplayName = "Contoso" } },
                    },
                }
            )
        );

        var (jsonCode, json) = await CheckAsync(config, "--output", "json");
        var (tableCode, table) = await CheckAsync(config);
        File.Delete(config);

        Assert.Equal(2, jsonCode);
        Assert.Equal(2, tableCode);
        using var doc = JsonDocument.Parse(json);
        var vpp = doc
            .RootElement.GetProperty("tenants")[0]
            .GetProperty("tokens")
            .EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == "vpp")
            .ToDictionary(t => t.GetProperty("id").GetString()!);
        Assert.Equal("Seattle (Contoso Ltd)", vpp["vpp-seattle"].GetProperty("name").GetString());
        Assert.Equal("Berlin (Contoso Ltd)", vpp["vpp-berlin"].GetProperty("name").GetString());
        Assert.Equal("Berlin", vpp["vpp-berlin"].GetProperty("location").GetString());
        Assert.Equal(Organization, vpp["vpp-berlin"].GetProperty("organization").GetString());
        Assert.Equal("critical", vpp["vpp-berlin"].GetProperty("status").GetString());
        Assert.Equal("ok", vpp["vpp-seattle"].GetProperty("status").GetString());
        var rows = table.Split('\n').Where(r => r.Contains("│ vpp ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        var berlinRow = Assert.Single(rows, r => r.Contains("Berlin (Contoso Ltd)", StringComparison.Ordinal));
        Assert.Contains("CRITICAL", berlinRow);
        Assert.Contains("OK", Assert.Single(rows, r => r.Contains("Seattle (Contoso Ltd)", StringComparison.Ordinal)));
    }

    private static async Task<(int ExitCode, string Out)> CheckAsync(string config, params string[] extra)
    {
        var stdout = new StringWriter();
        string[] args = ["check", "--config", config, .. extra];
        var code = await TokenWatchCli.RunAsync(args, stdout, new StringWriter(), CancellationToken.None);
        return (code, stdout.ToString());
    }
}
