using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using TokenWatch.Cli;
using TokenWatch.Core.Notifications;
using TokenWatch.Functions;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests;

/// <summary>
/// <c>tokenwatch history</c>, <c>snooze</c> and <c>unsnooze</c> as an admin runs them, against the storage the app
/// writes.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class LedgerCommandTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimerInfo Timer = new();
    private readonly List<string> _files = [];

    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString());
    }

    /// <summary>The app's settings as the <c>--config</c> JSON file an admin would point the CLI at.</summary>
    private string ConfigFile(Dictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = (JsonObject)(node[part] ??= new JsonObject());
            }

            node[parts[^1]] = value;
        }

        var file = Path.Combine(Path.GetTempPath(), $"tokenwatch-{Guid.NewGuid()}.json");
        File.WriteAllText(file, root.ToJsonString());
        _files.Add(file);
        return file;
    }

    /// <summary>A tenant whose VPP token turned invalid after a healthy first poll: one email so far.</summary>
    private static async Task<TestApp> InvalidVppAsync(TestApp app)
    {
        var tenant = app.Tenant().OneOfEach(app.Clock.GetUtcNow());
        await CycleAsync(app, TimeSpan.Zero);
        tenant.VppTokens[0].State = "invalid";
        await CycleAsync(app, TimeSpan.FromHours(1));
        return app;
    }

    private static async Task CycleAsync(TestApp app, TimeSpan after)
    {
        app.Clock.Advance(after);
        await app.Create<PollTokens>().RunAsync(Timer, CancellationToken.None);
        await app.Create<EvaluateAlerts>().RunAsync(Timer, CancellationToken.None);
    }

    private static string Time(DateTimeOffset value) => Words.Date(value);

    [Fact]
    public async Task History_prints_what_was_observed_what_was_sent_and_what_is_open()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        Dictionary<string, string?> settings = [];
        await using var app = await InvalidVppAsync(
            await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s => settings = new(s))
        );
        var config = ConfigFile(settings);

        var (code, output, error) = await RunAsync(
            "history",
            "--tenant",
            app.TenantIds[0],
            "--days",
            "3650",
            "--config",
            config
        );
        var (_, adeOnly, _) = await RunAsync(
            "history",
            "--tenant",
            "Tenant 1",
            "--token",
            "ade:ade-1",
            "--days",
            "3650",
            "--config",
            config
        );

        Assert.True(code == 0, error);
        var start = TestApp.Start;
        Assert.Contains(
            $"{Time(start)}  observed  vpp:vpp-1  added: name Apps and Books, Apple ID vpp@contoso.example, "
                + $"expires {Time(start.AddDays(200))}",
            output
        );
        Assert.Contains($"{Time(start.AddHours(1))}  observed  vpp:vpp-1  changed: state valid → invalid", output);
        Assert.Contains(
            $"{Time(start.AddHours(1))}  sent      [TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and "
                + "Books\" state invalid → admins@contoso.example",
            output
        );
        Assert.Contains("entered: VPP token \"Apps and Books\" state invalid", output);
        Assert.Contains(
            $"vpp:vpp-1 \"Apps and Books\": invalid-state critical since {Time(start.AddHours(1))}, last told "
                + $"{Time(start.AddHours(1))}",
            output
        );
        Assert.True(
            output.IndexOf("observed  vpp:vpp-1  changed", StringComparison.Ordinal)
                < output.IndexOf("sent      [TokenWatch]", StringComparison.Ordinal)
        );
        Assert.Contains("observed  ade:ade-1  added", adeOnly);
        Assert.DoesNotContain("vpp:vpp-1", adeOnly);
        Assert.DoesNotContain("[TokenWatch]", adeOnly);
    }

    [Fact]
    public async Task History_folds_the_same_failure_poll_after_poll_into_one_line()
    {
        Dictionary<string, string?> settings = [];
        await using var app = await TestApp.StartAsync(azurite, configure: s => settings = new(s));
        app.Tenant()
            .OneOfEach(app.Clock.GetUtcNow())
            .AddPersistentFault(SimulatedEndpoint.Ade, SimulatedFault.Unauthorized());
        for (var poll = 0; poll < 4; poll++)
        {
            await CycleAsync(app, TimeSpan.FromHours(1));
        }

        var (code, output, error) = await RunAsync(
            "history",
            "--tenant",
            "Tenant 1",
            "--days",
            "3650",
            "--config",
            ConfigFile(settings)
        );

        Assert.True(code == 0, error);
        var failures = output.Split('\n').Where(l => l.Contains("not read  ade:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(failures);
        Assert.Contains("(same failure ×4 since ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snoozed_token_is_recorded_not_sent_until_unsnoozed()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync();
        Dictionary<string, string?> settings = [];
        await using var app = await InvalidVppAsync(
            await TestApp.StartAsync(azurite, sendGridUrl: sendGrid.Url, configure: s => settings = new(s))
        );
        var config = ConfigFile(settings);
        var until = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

        var (snoozeCode, snoozed, snoozeError) = await RunAsync(
            "snooze",
            "--tenant",
            "Tenant 1",
            "--token",
            "VPP:vpp-1",
            "--until",
            until,
            "--reason",
            "new token ordered",
            "--config",
            config
        );
        await CycleAsync(app, TimeSpan.FromHours(24));
        var (_, history, _) = await RunAsync(
            "history",
            "--tenant",
            "Tenant 1",
            "--token",
            "vpp:vpp-1",
            "--days",
            "3650",
            "--config",
            config
        );
        var (unsnoozeCode, unsnoozed, _) = await RunAsync(
            "unsnooze",
            "--tenant",
            "Tenant 1",
            "--token",
            "vpp:vpp-1",
            "--config",
            config
        );
        await CycleAsync(app, TimeSpan.FromHours(24));

        Assert.True(snoozeCode == 0, snoozeError);
        Assert.StartsWith("Snoozed vpp:vpp-1 of Tenant 1 until ", snoozed);
        Assert.Contains(
            "snoozed   recorded, not sent\n                            reminder: VPP token \"Apps and Books\" "
                + "still in state invalid",
            history
        );
        Assert.Contains($"VPP token \"Apps and Books\": snoozed until {until[..10]} by ", history);
        Assert.Contains(" (command line): new token ordered (set ", history);
        Assert.Matches(
            $"acted     vpp:vpp-1 snoozed until {until[..10]} by .+ \\(command line\\): new token ordered",
            history
        );
        Assert.Equal(0, unsnoozeCode);
        Assert.StartsWith("vpp:vpp-1 of Tenant 1 is no longer snoozed", unsnoozed);
        Assert.Equal(
            [
                "[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" state invalid",
                "[TokenWatch] CRITICAL · Tenant 1 · VPP token \"Apps and Books\" still in state invalid",
            ],
            sendGrid.Requests.Select(r => r.Subject)
        );
    }

    [Theory]
    [InlineData(
        "vpp:nope",
        "in 30 days",
        "reason",
        "Tenant Tenant 1 has no token vpp:nope. Its tokens: ade:ade-1, apns:apns, vpp:vpp-1."
    )]
    [InlineData("vpp-1", "in 30 days", "reason", "--token 'vpp-1' is not KIND:ID")]
    [InlineData("vpp:vpp-1", "2001-01-01", "reason", "--until 2001-01-01 00:00 UTC is not in the future.")]
    [InlineData("vpp:vpp-1", "next week", "reason", "--until 'next week' is not an ISO date")]
    [InlineData("vpp:vpp-1", "01/07/2027", "reason", "--until '01/07/2027' is not an ISO date: give 2026-07-01")]
    [InlineData("vpp:vpp-1", "9999-01-01", "reason", "--until 9999-01-01 00:00 UTC is more than a year ahead")]
    [InlineData("vpp:vpp-1", "in 30 days", " ", "--reason is empty")]
    public async Task Snooze_refuses_what_it_cannot_honour_with_one_clear_message(
        string token,
        string until,
        string reason,
        string message
    )
    {
        Dictionary<string, string?> settings = [];
        await using var app = await InvalidVppAsync(
            await TestApp.StartAsync(azurite, configure: s => settings = new(s))
        );

        var (code, _, error) = await RunAsync(
            "snooze",
            "--tenant",
            app.TenantIds[0],
            "--token",
            token,
            "--until",
            // A date that is valid whatever day the suite runs, where the case is about something else.
            until == "in 30 days"
                ? DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : until,
            "--reason",
            reason,
            "--config",
            ConfigFile(settings)
        );

        Assert.Equal(3, code);
        Assert.Contains(message, error);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }
}
