using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary><c>tokenwatch</c> as a user runs it: arguments in, text and an exit code out.</summary>
public sealed class CliTests
{
    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<SimulatedIntune> SimulatorAsync(Action<SimulatedTenant> seed)
    {
        var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var tenant = intune.AddTenant("default");
        var now = DateTimeOffset.UtcNow;
        tenant.OneOfEach(now);
        seed(tenant);
        return intune;
    }

    [Fact]
    public async Task Check_prints_the_documented_json_and_exits_critical_for_a_sync_error()
    {
        await using var intune = await SimulatorAsync(t => t.AdeTokens[0].LastSyncErrorCode = 3);

        var (code, output, error) = await RunAsync(
            "check",
            "--graph-url",
            intune.BaseUrl,
            "--auth",
            "none",
            "--output",
            "json"
        );

        Assert.True(code == 2, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("critical", root.GetProperty("status").GetString());
        Assert.EndsWith("Z", root.GetProperty("checkedAt").GetString());
        var tenant = root.GetProperty("tenants")[0];
        Assert.Equal("critical", tenant.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("error").ValueKind);
        var ade = tenant.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "ade");
        Assert.Equal("ade-1", ade.GetProperty("id").GetString());
        Assert.Equal("Main ABM", ade.GetProperty("name").GetString());
        Assert.Equal("abm@contoso.example", ade.GetProperty("appleId").GetString());
        Assert.Equal(3, ade.GetProperty("syncError").GetInt32());
        Assert.Equal(199, ade.GetProperty("daysUntilExpiry").GetInt32());
        Assert.Equal("critical", ade.GetProperty("status").GetString());
        Assert.Equal(["sync-error"], ade.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        foreach (var property in new[] { "expiresAt", "lastSyncAt", "state" })
        {
            Assert.True(ade.TryGetProperty(property, out _), property);
        }
    }

    [Theory]
    [InlineData(0, 100, "valid", 0)]
    [InlineData(0, 10, "valid", 1)]
    [InlineData(0, 100, "somethingNew", 3)]
    [InlineData(0, 100, "invalid", 2)]
    public async Task Check_exit_code_follows_the_monitoring_plugin_convention(
        int syncError,
        int vppDaysLeft,
        string vppState,
        int expected
    )
    {
        await using var intune = await SimulatorAsync(t =>
        {
            t.AdeTokens[0].LastSyncErrorCode = syncError;
            t.VppTokens[0].ExpirationDateTime = DateTimeOffset.UtcNow.AddDays(vppDaysLeft);
            t.VppTokens[0].State = vppState;
        });

        var (code, _, error) = await RunAsync(
            "check",
            "--graph-url",
            intune.BaseUrl,
            "--auth",
            "none",
            "--output",
            "json"
        );

        Assert.True(expected == code, $"expected {expected}, got {code}: {error}");
    }

    [Fact]
    public async Task Check_shows_a_readable_table_with_the_reason()
    {
        await using var intune = await SimulatorAsync(t => t.VppTokens[0].State = "invalid");

        var (code, output, _) = await RunAsync("check", "--graph-url", intune.BaseUrl, "--auth", "none");

        Assert.Equal(2, code);
        Assert.Contains("vpp@contoso.example", output);
        Assert.Contains("CRITICAL", output);
        Assert.Contains("Intune reports the token state as 'invalid'.", output);
    }

    [Fact]
    public async Task Check_refuses_auth_none_for_a_non_loopback_graph()
    {
        var (code, _, error) = await RunAsync(
            "check",
            "--graph-url",
            "https://graph.microsoft.com",
            "--auth",
            "none",
            "--tenant",
            "contoso.onmicrosoft.com"
        );

        Assert.Equal(3, code);
        Assert.Contains("Auth 'None' is only allowed for a loopback Graph URL", error);
    }

    [Fact]
    public async Task Bad_configuration_stops_run_with_one_message_per_problem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tokenwatch-{Guid.NewGuid()}.json");
        await File.WriteAllTextAsync(
            file,
            """
            { "TokenWatch": { "Email": { "From": "not-an-address",
              "Recipients": [ "ops@contoso.example", "bad address" ] } } }
            """
        );

        var (code, _, error) = await RunAsync("run", "--config", file);

        Assert.Equal(3, code);
        var lines = error
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("configuration:", StringComparison.Ordinal))
            .ToList();
        // No configured tenant is no problem for run: its tenants may all come from the tenant catalog.
        Assert.DoesNotContain(lines, l => l.Contains("TokenWatch:Tenants is empty"));
        Assert.Contains(lines, l => l.Contains("TokenWatch:Email:From 'not-an-address' is not an email address."));
        Assert.Contains(lines, l => l.Contains("'bad address', which is not an email address"));
        Assert.Contains(lines, l => l.Contains("TokenWatch:Storage needs ConnectionString or TableServiceUri."));
        Assert.Equal(3, lines.Count);
        File.Delete(file);
    }

    /// <summary>
    /// Runs <c>demo</c> until it serves the action page (it then waits for Ctrl+C), hands its output and outbox to
    /// <paramref name="whileServing"/>, then stops it as Ctrl+C would.
    /// </summary>
    private static async Task<(int ExitCode, string Out, string Err)> DemoAsync(
        string outbox,
        Func<string, Task> whileServing
    )
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var demo = TokenWatchCli.RunAsync(
            ["demo", "--outbox", outbox, "--serve"],
            TextWriter.Synchronized(stdout),
            TextWriter.Synchronized(stderr),
            stop.Token
        );
        // Only a guard against a demo that never gets there; nothing asserts how long it takes.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!stdout.ToString().Contains("Stop with Ctrl+C.", StringComparison.Ordinal))
        {
            Assert.False(demo.IsCompleted, $"demo ended before serving: {stdout}{stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"demo served nothing in 5 minutes: {stdout}{stderr}");
            await Task.Delay(200);
        }

        try
        {
            await whileServing(stdout.ToString());
        }
        finally
        {
            await stop.CancelAsync();
        }

        return (await demo, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Demo_walks_the_timeline_through_milestones_a_reminder_renewals_enrollment_and_recoveries()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-demo-" + Guid.NewGuid());
        var page = "";

        var (code, output, error) = await DemoAsync(outbox, async printed =>
            page = await TryLinkAsync(printed, outbox)
        );

        Assert.True(code == 0, error);
        string[] expected =
        [
            "WARNING · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" expires in 60 days",
            "WARNING · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" expires in 30 days",
            "CRITICAL · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" sync error (code 3, often terms "
                + "not accepted)",
            "CRITICAL · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" still has a sync error (code 3, "
                + "often terms not accepted)",
            "CRITICAL · Contoso · VPP token \"Seattle HQ (Contoso Ltd)\" state invalid",
            "Contoso · ADE token \"Contoso ABM - Corporate iPhones\" renewed",
            "RECOVERED · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" syncs again",
            "CONFIRMED · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" synced after its renewal +1 more",
            "RECOVERED · Contoso · VPP token \"Seattle HQ (Contoso Ltd)\" is valid again",
            "WARNING · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" has devices on a platform without a "
                + "default enrollment profile +1 more (email, teams)",
            "RECOVERED · Contoso · ADE token \"Contoso ABM - Corporate iPhones\" has a default enrollment profile",
            "CRITICAL · Contoso · VPP token \"Berlin Office (Contoso Ltd)\" state assignedToExternalMDM (email",
        ];
        var sentLines = output
            .Split('\n')
            .Where(l => l.TrimStart().StartsWith("sent:   [TokenWatch]", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(expected.Length, sentLines.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Contains(expected[i], sentLines[i]);
        }

        Assert.Contains(
            "Twelve hours later, nothing new: nothing is sent twice.\n                  sent:   nothing",
            output.ReplaceLineEndings("\n")
        );
        // The enrollment scan found the iPads without a profile; one clean scan after the default was set is not
        // yet a recovery, the second is.
        Assert.Contains(
            "40 devices synced from Apple Business have no enrollment profile, and ios has no default profile",
            output
        );
        Assert.Contains(
            "Intune assigned it to the iPads.\n                  sent:   nothing",
            output.ReplaceLineEndings("\n")
        );
        var subjects = Directory
            .GetFiles(outbox, "*.eml")
            .Select(f => MimeKit.MimeMessage.Load(f).Subject ?? "")
            .ToList();
        Assert.Equal(expected.Length, subjects.Count);
        Assert.Contains(subjects, s => s.Contains("expires in 30 days"));
        Assert.Contains(subjects, s => s.Contains("sync error (code 3, often terms not accepted)"));
        Assert.Contains(subjects, s => s.Contains("state invalid"));
        Assert.Equal(subjects.Count, Directory.GetFiles(outbox, "*.html").Length);

        // Every digest also went to Teams; the critical ones to the webhook too, signed.
        Assert.Contains("state invalid (email, teams, webhook)", sentLines[4]);
        Assert.EndsWith("expires in 60 days (email, teams)", sentLines[0].TrimEnd());
        Assert.Equal(expected.Length, Directory.GetFiles(outbox, "*.teams.json").Length);
        var requests = Directory.GetFiles(outbox, "*.webhook.http").Select(File.ReadAllText).ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Matches("\r\nwebhook-signature: v1,[A-Za-z0-9+/=]{44}\r\n", r));

        // The demo then served the page its last email's links open, and printed one of them.
        Assert.Contains("<h1>Snooze: VPP token &quot;Berlin Office (Contoso Ltd)&quot;</h1>", page);
        Assert.Contains("Opening this page changes nothing", page);
        Assert.EndsWith("Stopped.", output.TrimEnd());
        Directory.Delete(outbox, recursive: true);
    }

    [Fact]
    public async Task Demo_without_serve_ends_after_the_timeline_as_a_script_needs()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "tokenwatch-demo-" + Guid.NewGuid());
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await TokenWatchCli.RunAsync(
            ["demo", "--outbox", outbox, "--serve", "false"],
            stdout,
            stderr,
            CancellationToken.None
        );

        Assert.True(code == 0, stderr.ToString());
        var output = stdout.ToString();
        Assert.Contains("emails written to", output);
        Assert.DoesNotContain("Action page on", output);
        Assert.EndsWith("Run 'tokenwatch demo --serve' to try the emails' Snooze… links.", output.TrimEnd());
        Directory.Delete(outbox, recursive: true);
    }

    /// <summary>
    /// The link the demo printed, which must be the newest email's Snooze… link, opened as a browser would: the page.
    /// </summary>
    private static async Task<string> TryLinkAsync(string printed, string outbox)
    {
        var lines = printed.ReplaceLineEndings("\n").Split('\n');
        var link = lines[Array.FindIndex(lines, l => l.StartsWith("Action page on http://127.0.0.1:")) + 1].Trim();
        var newest = Directory.GetFiles(outbox, "*.html").Order(StringComparer.Ordinal).Last();
        Assert.Equal(link, Actions.ActionSite.Link(await File.ReadAllTextAsync(newest), "Snooze…"));
        using var http = new HttpClient();
        using var response = await http.GetAsync(link);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
