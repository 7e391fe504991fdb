using System.Text.Json;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// <c>tokenwatch check</c> with the enrollment scan: each ADE token's <c>enrollment</c> object in the JSON, the
/// enrollment conditions among the reasons, a failed scan as unknown, and <c>--no-enrollment</c> that reads no device.
/// </summary>
public sealed class CheckEnrollmentTests : IAsyncLifetime
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"tokenwatch-check-{Guid.NewGuid()}.json");
    private SimulatedIntune _intune = null!;

    private SimulatedTenant Contoso => _intune.Tenant("contoso");

    public async Task InitializeAsync()
    {
        _intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var token = _intune.AddTenant("contoso").OneOfEach(now).AdeTokens[0];
        token.Devices.AddRange([
            Device("IPAD00000001", "notContacted", now.AddDays(-3), null),
            Device("IPAD00000002", "failed", now.AddDays(-3), SimulatedFleet.ProfileId, now.AddDays(-1)),
            Device("IPAD00000003", "blocked", now.AddDays(-3), SimulatedFleet.ProfileId, now.AddDays(-1)),
            Device("IPAD00000004", "pendingReset", now.AddDays(-3), SimulatedFleet.ProfileId, now.AddDays(-1)),
            Device("IPAD00000005", "enrolled", now.AddDays(-3), SimulatedFleet.ProfileId, now.AddDays(-1)),
        ]);
        token.SyncedDeviceCount = token.Devices.Count;
        var settings = new
        {
            TokenWatch = new
            {
                Graph = new
                {
                    BaseUrl = _intune.BaseUrl + "/tenants/{tenantId}",
                    Auth = "None",
                    RetryDelaySeconds = 0,
                },
                Tenants = new[] { new { TenantId = "contoso", DisplayName = "Contoso" } },
            },
        };
        await File.WriteAllTextAsync(_config, JsonSerializer.Serialize(settings));
    }

    public async Task DisposeAsync()
    {
        await _intune.DisposeAsync();
        File.Delete(_config);
    }

    [Fact]
    public async Task The_json_shows_each_ade_tokens_enrollment_and_the_reasons_carry_the_codes()
    {
        var (code, output, error) = await CheckAsync("--output", "json");

        Assert.True(code == 2, error);
        var ade = Token(output, "ade");
        Assert.Equal("critical", ade.GetProperty("status").GetString());
        Assert.Equal(
            ["no-default-profile", "devices-unassigned", "enrollment-failed", "enrollment-blocked"],
            ade.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())
        );
        var enrollment = ade.GetProperty("enrollment");
        Assert.Equal("critical", enrollment.GetProperty("status").GetString());
        Assert.Equal(
            (5, 1, 1, 1, 1),
            (
                enrollment.GetProperty("devices").GetInt32(),
                enrollment.GetProperty("unassigned").GetInt32(),
                enrollment.GetProperty("failed").GetInt32(),
                enrollment.GetProperty("blocked").GetInt32(),
                enrollment.GetProperty("pendingReset").GetInt32()
            )
        );
        Assert.Equal(["ios"], enrollment.GetProperty("noDefaultProfile").EnumerateArray().Select(p => p.GetString()));
        var samples = enrollment.GetProperty("samples");
        Assert.Equal("IPAD00000002", samples.GetProperty("failed")[0].GetString());
        Assert.Equal("IPAD00000001", samples.GetProperty("unassigned")[0].GetString());
        Assert.True(enrollment.GetProperty("scannedAt").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(JsonValueKind.Null, Token(output, "vpp").GetProperty("enrollment").ValueKind);
        Assert.Contains("1 device did not complete Automated Device Enrollment", ade.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_scan_that_fails_is_unknown_with_its_cause_never_ok()
    {
        Contoso.AdeTokens[0].Devices.RemoveRange(1, 4); // left: one device waiting, which alone is a warning
        Contoso.AddPersistentFault(SimulatedEndpoint.AdeDevices, SimulatedFault.ServerError());

        var (code, output, error) = await CheckAsync("--output", "json");

        Assert.True(code == 3, error);
        var ade = Token(output, "ade");
        Assert.Equal("unknown", ade.GetProperty("status").GetString());
        Assert.Empty(ade.GetProperty("reasons").EnumerateArray());
        var enrollment = ade.GetProperty("enrollment");
        Assert.Equal("unknown", enrollment.GetProperty("status").GetString());
        Assert.Contains("(500)", enrollment.GetProperty("failure").GetString());
        Assert.Contains("The enrollment scan is unknown", ade.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task No_enrollment_reads_no_device_and_judges_the_tokens_alone()
    {
        var (code, output, error) = await CheckAsync("--output", "json", "--no-enrollment");

        Assert.True(code == 0, error);
        var ade = Token(output, "ade");
        Assert.Equal(JsonValueKind.Null, ade.GetProperty("enrollment").ValueKind);
        Assert.Empty(ade.GetProperty("reasons").EnumerateArray());
        Assert.DoesNotContain(Contoso.Requests, r => r.Endpoint == SimulatedEndpoint.AdeDevices);
        Assert.DoesNotContain(Contoso.Requests, r => r.Endpoint == SimulatedEndpoint.DeviceManagement);
    }

    [Fact]
    public async Task The_table_says_what_the_scan_found()
    {
        var (code, output, _) = await CheckAsync();

        Assert.Equal(2, code);
        var flat = string.Join(
            " ",
            output.Split((char[])[' ', '\n', '\r', '│'], StringSplitOptions.RemoveEmptyEntries)
        );
        Assert.Contains("1 device did not complete Automated Device Enrollment", flat);
        Assert.Contains("ios has no default profile", flat);
    }

    private async Task<(int ExitCode, string Out, string Err)> CheckAsync(params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync(
            ["check", "--config", _config, .. extra],
            stdout,
            stderr,
            CancellationToken.None
        );
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Token(string output, string kind) =>
        JsonDocument
            .Parse(output)
            .RootElement.GetProperty("tenants")[0]
            .GetProperty("tokens")
            .EnumerateArray()
            .Single(t => t.GetProperty("kind").GetString() == kind);

    private static SimulatedDevice Device(
        string serial,
        string state,
        DateTimeOffset synced,
        string? profile,
        DateTimeOffset? contacted = null
    ) => new(serial, "ios", synced, contacted, profile, state);
}
