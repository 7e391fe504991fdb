using System.Text.Json;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// <c>tokenwatch check</c> over several tenants, as an admin or a monitoring system runs it: a config file with the
/// tenants, text or JSON out, the exit code of the monitoring-plugin convention.
/// </summary>
public sealed class CheckCommandTests : IAsyncLifetime
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"tokenwatch-check-{Guid.NewGuid()}.json");
    private SimulatedIntune _intune = null!;

    public async Task InitializeAsync()
    {
        _intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        foreach (var id in new[] { "contoso", "fabrikam" })
        {
            _intune.AddTenant(id).OneOfEach(DateTimeOffset.UtcNow);
        }

        await File.WriteAllTextAsync(
            _config,
            JsonSerializer.Serialize(
                new
                {
                    TokenWatch = new
                    {
                        Graph = new
                        {
                            BaseUrl = _intune.BaseUrl + "/tenants/{tenantId}",
                            Auth = "None",
                            RetryDelaySeconds = 0,
                        },
                        Tenants = new[]
                        {
                            new { TenantId = "contoso", DisplayName = "Contoso" },
                            new { TenantId = "fabrikam", DisplayName = "Fabrikam" },
                        },
                    },
                }
            )
        );
    }

    public async Task DisposeAsync()
    {
        await _intune.DisposeAsync();
        File.Delete(_config);
    }

    private SimulatedTenant Fabrikam => _intune.Tenant("fabrikam");

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

    [Fact]
    public async Task A_tenant_that_could_not_be_read_is_unknown_with_the_error_and_its_fix_and_exit_3()
    {
        Fabrikam.AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Forbidden());

        var (code, output, error) = await CheckAsync("--output", "json");

        Assert.True(code == 3, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("unknown", json.RootElement.GetProperty("status").GetString());
        var tenants = json
            .RootElement.GetProperty("tenants")
            .EnumerateArray()
            .ToDictionary(t => t.GetProperty("tenantId").GetString()!);
        Assert.Equal("ok", tenants["contoso"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, tenants["contoso"].GetProperty("error").ValueKind);
        var fabrikam = tenants["fabrikam"];
        Assert.Equal("unknown", fabrikam.GetProperty("status").GetString());
        var failure = fabrikam.GetProperty("error");
        Assert.Equal("permission-missing", failure.GetProperty("code").GetString());
        Assert.Equal("ade", failure.GetProperty("kind").GetString());
        Assert.Contains(
            "DeviceManagementServiceConfig.Read.All is missing",
            failure.GetProperty("message").GetString()
        );
        Assert.StartsWith(
            "Grant the application permission DeviceManagementServiceConfig.Read.All",
            failure.GetProperty("fix").GetString()
        );
        var served = Fabrikam.Requests.Last(r => r.Endpoint == SimulatedEndpoint.Ade);
        Assert.Equal(served.RequestId, failure.GetProperty("requestId").GetString());
        Assert.Equal(served.ClientRequestId, failure.GetProperty("clientRequestId").GetString());
        Assert.Equal(1, fabrikam.GetProperty("failures").GetArrayLength());
        Assert.Equal(
            ["apns", "vpp"],
            fabrikam.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).Order()
        );
    }

    [Fact]
    public async Task The_table_shows_days_left_owner_and_reason_for_every_token_that_is_not_ok()
    {
        var now = DateTimeOffset.UtcNow;
        Fabrikam.AdeTokens[0].TokenExpirationDateTime = now.AddDays(10).AddHours(1);
        Fabrikam.VppTokens[0].State = "invalid";
        Fabrikam.ApnsCertificate!.Omit("expirationDateTime");
        _intune.Tenant("contoso").AddPersistentFault(SimulatedEndpoint.Apns, SimulatedFault.Unauthorized());

        var (code, output, error) = await CheckAsync();

        Assert.True(code == 2, error);
        var rows = output.Split('\n');
        var ade = Assert.Single(rows, r => r.Contains("Fabrikam") && r.Contains("│ ade "));
        Assert.Contains("abm@contoso.example", ade);
        Assert.Contains("│ 10 ", ade);
        Assert.Contains("WARNING", ade);
        Assert.Contains("(10 days left)", Reason(output, ade));
        var vpp = Assert.Single(rows, r => r.Contains("Fabrikam") && r.Contains("│ vpp "));
        Assert.Contains("vpp@contoso.example", vpp);
        Assert.Contains("CRITICAL", vpp);
        Assert.Contains("Intune reports the token state as 'invalid'.", Reason(output, vpp));
        var apns = Assert.Single(rows, r => r.Contains("Fabrikam") && r.Contains("│ apns "));
        Assert.Contains("UNKNOWN", apns);
        Assert.Contains("Graph did not report an expiry date.", Reason(output, apns));
        var failed = Assert.Single(rows, r => r.Contains("Contoso") && r.Contains("(not read)"));
        Assert.Contains("UNKNOWN", failed);
        Assert.Contains(
            "auth-failed: Graph refused TokenWatch's credential for APNs certificates (401)",
            Reason(output, failed)
        );
        Assert.Contains(
            "request-id "
                + _intune.Tenant("contoso").Requests.Last(r => r.Endpoint == SimulatedEndpoint.Apns).RequestId,
            Reason(output, failed)
        );
        // Reasons below the table too: long sentences (a Graph message with its request ids) wrap within 120.
        Assert.All(rows, r => Assert.True(r.Length <= 120, $"a line of {r.Length} characters: {r}"));
        Assert.Contains(rows, r => r.StartsWith("    ", StringComparison.Ordinal));
        Assert.Contains("Overall: CRITICAL", output);
    }

    /// <summary>
    /// The reason of a table row: the numbered note below the table that its status refers to, with the indented
    /// lines it wraps onto joined again.
    /// </summary>
    private static string Reason(string output, string row)
    {
        var note = System.Text.RegularExpressions.Regex.Match(row, @"\[(\d+)\]").Groups[1].Value;
        var lines = output.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith($"[{note}] ", StringComparison.Ordinal));
        Assert.True(first >= 0, $"no note [{note}]");
        var wrapped = lines.Skip(first + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal));
        return string.Join(' ', [lines[first], .. wrapped.Select(l => l.Trim())]);
    }

    [Fact]
    public async Task Hostile_names_cannot_break_the_table_but_stay_exact_in_the_JSON()
    {
        var huge = string.Concat(Enumerable.Repeat("Contoso Apps and Books ", 90));
        Fabrikam.VppTokens[0].DisplayName = huge;
        Fabrikam.AdeTokens[0].AppleIdentifier = "abm@contoso.example\r\nOverall: OK (forged)";
        Fabrikam.AdeTokens[0].TokenName = "\u202Egnp.exe [red]ABM[/]";

        var (tableCode, table, _) = await CheckAsync();
        var (jsonCode, json, _) = await CheckAsync("--output", "json");

        Assert.Equal(0, tableCode);
        Assert.Equal(0, jsonCode);
        var rows = table.Split('\n');
        // the forged line stays inside its cell
        Assert.DoesNotContain(rows, r => r.StartsWith("Overall: OK (forged)", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith("Overall:", StringComparison.Ordinal));
        // The forged line stays inside its cell.
        Assert.Contains(rows, r => r.StartsWith('│') && r.Contains("│ Overall…", StringComparison.Ordinal));
        // no bidi override, no markup interpretation
        Assert.Contains("│ gnp.exe [red]ABM[/]", table, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", table, StringComparison.Ordinal);
        Assert.DoesNotContain(huge, table, StringComparison.Ordinal);
        Assert.Contains("│ Cont…", table, StringComparison.Ordinal); // cut to 28 characters, wrapped in its column
        Assert.All(rows, r => Assert.True(r.Length <= 120, $"a row of {r.Length} characters"));
        using var doc = JsonDocument.Parse(json);
        var tokens = doc
            .RootElement.GetProperty("tenants")
            .EnumerateArray()
            .Single(t => t.GetProperty("tenantId").GetString() == "fabrikam")
            .GetProperty("tokens")
            .EnumerateArray()
            .ToList();
        Assert.Equal(
            huge,
            tokens.Single(t => t.GetProperty("kind").GetString() == "vpp").GetProperty("name").GetString()
        );
        Assert.Equal(
            "abm@contoso.example\r\nOverall: OK (forged)",
            tokens.Single(t => t.GetProperty("kind").GetString() == "ade").GetProperty("appleId").GetString()
        );
    }

    private static JsonElement TokenOf(string json, string tenant, string kind)
    {
        using var doc = JsonDocument.Parse(json);
        return doc
            .RootElement.GetProperty("tenants")
            .EnumerateArray()
            .Single(t => t.GetProperty("tenantId").GetString() == tenant)
            .GetProperty("tokens")
            .EnumerateArray()
            .Single(t => t.GetProperty("kind").GetString() == kind)
            .Clone();
    }

    [Fact]
    public async Task An_ADE_error_code_left_from_an_older_sync_is_not_an_alarm_but_a_current_one_is()
    {
        var ade = Fabrikam.AdeTokens[0];
        ade.LastSyncErrorCode = 3;
        ade.Syncing = false;
        ade.LastSuccessfulSyncDateTime = DateTimeOffset.UtcNow.AddHours(-1);
        ade.LastSyncTriggeredDateTime = DateTimeOffset.UtcNow.AddHours(-2);

        var (leftoverCode, leftover, _) = await CheckAsync("--output", "json");
        ade.LastSyncTriggeredDateTime = DateTimeOffset.UtcNow.AddMinutes(-30); // past a running sync's grace
        var (currentCode, current, _) = await CheckAsync("--output", "json");

        Assert.Equal(0, leftoverCode);
        Assert.Equal("ok", TokenOf(leftover, "fabrikam", "ade").GetProperty("status").GetString());
        Assert.Equal(2, currentCode);
        var detail = TokenOf(current, "fabrikam", "ade").GetProperty("detail").GetString();
        Assert.Contains("code 3 often means new terms and conditions", detail);
        Assert.DoesNotContain("(usually: new terms", detail);
    }

    [Theory]
    [InlineData("failed", null, 2, "critical")]
    [InlineData("success", "leftover from an earlier upload", 0, "ok")]
    [InlineData("pendingReview", null, 3, "unknown")]
    public async Task The_push_certificate_upload_is_judged_by_its_status_not_by_a_leftover_reason(
        string status,
        string? reason,
        int exitCode,
        string expected
    )
    {
        Fabrikam.ApnsCertificate!.CertificateUploadStatus = status;
        Fabrikam.ApnsCertificate.CertificateUploadFailureReason = reason;

        var (code, json, _) = await CheckAsync("--output", "json");

        Assert.Equal(exitCode, code);
        Assert.Equal(expected, TokenOf(json, "fabrikam", "apns").GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_push_certificate_in_a_tenant_with_ADE_and_VPP_tokens_is_critical()
    {
        Fabrikam.ApnsCertificate = null;

        var (code, json, _) = await CheckAsync("--output", "json");

        Assert.Equal(2, code);
        var apns = TokenOf(json, "fabrikam", "apns");
        Assert.Equal("critical", apns.GetProperty("status").GetString());
        Assert.Contains("Intune cannot manage any Apple device", apns.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_daily_VPP_sync_a_day_and_a_half_old_is_healthy()
    {
        Fabrikam.VppTokens[0].Syncing = false;
        Fabrikam.VppTokens[0].LastSyncDateTime = DateTimeOffset.UtcNow.AddHours(-36);

        var (code, json, _) = await CheckAsync("--output", "json");

        Assert.Equal(0, code);
        Assert.Equal("ok", TokenOf(json, "fabrikam", "vpp").GetProperty("status").GetString());
    }
}
