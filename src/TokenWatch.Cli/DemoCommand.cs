using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Actions;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch demo</c>: no Azure needed. Starts the simulated tenant and Azurite, walks a tenant through weeks
/// of simulated time (<see cref="DemoTimeline"/>), writes every email, Teams card and (for critical events) signed
/// webhook request to the outbox folder, prints the timeline, then (with <c>--serve</c>, the default at a terminal)
/// serves the action page on 127.0.0.1 for the emails' Snooze… and Acknowledge… links until Ctrl+C.
/// </summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(
        string outboxPath,
        bool serve,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var clock = new FakeTimeProvider(DemoTimeline.Start);
        var outbox = Path.GetFullPath(outboxPath);
        ClearPreviousDemo(outbox);
        await stdout.WriteLineAsync(
            "TokenWatch demo: a simulated Intune tenant, Azurite, and emails written to the outbox folder."
        );
        await using var azurite = await AzuriteRunner.StartAsync(m => stderr.WriteLine(m), cancellationToken);
        await using var intune = await SimulatedIntune.StartAsync(clock, cancellationToken);
        var tenant = DemoTenant.Seed(intune, DemoTimeline.Start);
        await using var page = await ActionPageServer.StartAsync(cancellationToken);
        var settings = DemoSettings.Of(intune.BaseUrl, azurite.ConnectionString, outbox, page.PageUrl);
        await using var services = Services(settings, clock);
        if (!CliSettings.Validate(services, stderr))
        {
            return 3;
        }

        var (sent, last) = await new DemoTimeline(services, tenant, clock, stdout).RunAsync(cancellationToken);
        await SummarizeAsync(sent, outbox, stdout);
        // A script or a redirected run must end on its own; the page is served only when asked or at a terminal.
        await (
            serve
                ? ServeAsync(page, services.GetRequiredService<ActionPage>(), last, clock, stdout, cancellationToken)
                : stdout.WriteLineAsync("Run 'tokenwatch demo --serve' to try the emails' Snooze… links.")
        );
        return 0;
    }

    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary>Serves the action page and offers the last email's link until Ctrl+C.</summary>
    private static async Task ServeAsync(
        ActionPageServer page,
        ActionPage actions,
        OutgoingEmail? last,
        FakeTimeProvider clock,
        TextWriter stdout,
        CancellationToken cancellationToken
    )
    {
        page.Serve(actions);
        await OfferLinkAsync(page.PageUrl, last, stdout);
        await TickUntilStoppedAsync(clock, stdout, cancellationToken);
    }

    /// <summary>The full app on the demo's settings and simulated clock.</summary>
    private static ServiceProvider Services(Dictionary<string, string?> settings, FakeTimeProvider clock) =>
        CliSettings.Services(CliSettings.Build(configFile: null, settings), TokenWatchScope.Full, s =>
            s.AddSingleton<TimeProvider>(clock)
        );

    /// <summary>
    /// While the page is served the simulated clock runs on at the wall clock's pace, so a minute of the page's rate
    /// limit passes as a real one does.
    /// </summary>
    private static async Task TickUntilStoppedAsync(
        FakeTimeProvider clock,
        TextWriter stdout,
        CancellationToken cancellationToken
    )
    {
        using var ticking = TimeProvider.System.CreateTimer(_ => clock.Advance(OneSecond), null, OneSecond, OneSecond);
        await UntilStopped.WaitAsync(stdout, cancellationToken);
    }

    private static async Task SummarizeAsync(int sent, string outbox, TextWriter stdout)
    {
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync(
            $"{sent} emails written to {outbox} (.html opens in a browser, .eml in a mail client),"
        );
        await stdout.WriteLineAsync(
            "with a Teams card for each (.teams.json) and a signed webhook request for the critical ones "
                + "(.webhook.http)."
        );
    }

    /// <summary>Says where the action page is and prints the last email's Snooze… link to try.</summary>
    private static async Task OfferLinkAsync(string pageUrl, OutgoingEmail? last, TextWriter stdout)
    {
        await stdout.WriteLineAsync(
            $"Action page on {pageUrl} while the demo runs: the last email's Snooze… and Acknowledge… links open it "
                + "(opening changes nothing; the form's button acts). Try:"
        );
        await stdout.WriteLineAsync($"  {SnoozeLink(last) ?? "(the last email carries no action link)"}");
    }

    /// <summary>
    /// The first Snooze… link of an email, from its plain-text part: after its label, or on the next line when the
    /// address is too long to share the label's line.
    /// </summary>
    public static string? SnoozeLink(OutgoingEmail? email)
    {
        var label = ActionLinks.SnoozeLabel;
        var lines = (email?.Text ?? "").Split('\n').Select(l => l.Trim()).ToList();
        var at = lines.FindIndex(l => l.StartsWith(label, StringComparison.Ordinal));
        var rest = at < 0 ? "" : lines[at][label.Length..].Trim();
        var url = rest.Length > 0 || at < 0 || at + 1 >= lines.Count ? rest : lines[at + 1];
        return url.StartsWith("http", StringComparison.Ordinal) ? url : null;
    }

    /// <summary>The demo writes a fresh set of emails; older demo emails would only confuse the timeline.</summary>
    private static void ClearPreviousDemo(string outbox)
    {
        if (!Directory.Exists(outbox))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(outbox, $"*-{DemoTenant.TenantId}.*"))
        {
            File.Delete(file);
        }
    }
}
