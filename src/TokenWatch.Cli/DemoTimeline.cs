using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Enrollment;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// The demo's weeks of simulated time, step by step with the real poll and evaluate: expiry milestones, a sync error
/// and its reminder, an invalid VPP token, renewals and recoveries, a batch of iPads synced without a default
/// enrollment profile until one is set, and last a VPP token claimed by another MDM server that stays so, whose
/// email's links the action page then serves. Each step runs the poll, the enrollment scan and the evaluation.
/// </summary>
internal sealed class DemoTimeline(
    IServiceProvider services,
    DemoTenant tenant,
    FakeTimeProvider clock,
    TextWriter stdout
)
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private const string Indent = "                  ";

    private static readonly DemoStep AdeRenewed = DemoStep.OnDay(
        33,
        "An ABM administrator accepted the terms and renewed the ADE token for a year.",
        (t, now) =>
        {
            t.Ade.LastSyncErrorCode = 0;
            t.Ade.LastSyncTriggeredDateTime = null;
            t.Ade.Syncing = true;
            t.Ade.TokenExpirationDateTime = now.AddDays(365);
        }
    );

    private static readonly DemoStep VppRenewed = DemoStep.OnDay(
        34,
        "The Seattle HQ VPP token was renewed in Intune; the renewed ADE token synced overnight: its renewal is "
            + "confirmed.",
        (t, now) =>
        {
            t.Seattle.State = "valid";
            t.Seattle.ExpirationDateTime = now.AddDays(365);
        }
    );

    private static readonly DemoStep DefaultProfileSet = DemoStep.OnDay(
        34.75,
        "An Intune administrator made the iPad profile the ADE token's default; Intune assigned it to the iPads.",
        (t, _) => t.SetDefaultIpadProfile()
    );

    private static readonly DemoStep[] Steps =
    [
        DemoStep.OnDay(
            0,
            "First poll: ADE expires in 60 days, VPP Seattle HQ in 200, Berlin Office in 220, APNs in 250."
        ),
        DemoStep.OnDay(30, "The ADE token is now 30 days from expiry."),
        DemoStep.OnDay(
            31,
            "Apple published new terms; the ADE token's sync fails with error 3 (terms not accepted).",
            (t, now) =>
            {
                t.Ade.Syncing = false;
                t.Ade.LastSuccessfulSyncDateTime = now.AddHours(-2);
                t.Ade.LastSyncTriggeredDateTime = now.AddMinutes(-30);
                t.Ade.LastSyncErrorCode = 3;
            }
        ),
        DemoStep.OnDay(31.5, "Twelve hours later, nothing new: nothing is sent twice."),
        DemoStep.OnDay(32, "A day after the error it still fails: a reminder."),
        DemoStep.OnDay(
            32.5,
            "The Seattle HQ VPP token turns invalid (the Apple ID that owns it changed its password).",
            (t, _) => t.Seattle.State = "invalid"
        ),
        AdeRenewed,
        AdeRenewed.AnHourLater("A second clean poll: the ADE sync error is over (two in a row, so no flapping)."),
        VppRenewed,
        VppRenewed.AnHourLater("A second clean poll: the Seattle HQ VPP token is valid again."),
        DemoStep.OnDay(
            34.5,
            $"{DemoTenant.NewIpads} new iPads synced from Apple Business; the ADE token has no default iOS/iPadOS "
                + "enrollment profile, so they would set up without one.",
            (t, now) => t.SyncNewIpads(now)
        ),
        DefaultProfileSet,
        DefaultProfileSet.AnHourLater("A second clean scan: every iPad has a profile."),
        DemoStep.OnDay(
            35,
            "The Berlin Office VPP token was claimed by another MDM server, and stays so: its email's links work.",
            (t, _) => t.Berlin.State = "assignedToExternalMDM"
        ),
    ];

    /// <summary>Walks the timeline; how many emails were sent, and the last one.</summary>
    public async Task<(int Sent, OutgoingEmail? Last)> RunAsync(CancellationToken cancellationToken)
    {
        var poll = services.GetRequiredService<PollService>();
        var scan = services.GetRequiredService<EnrollmentScanService>();
        var evaluation = services.GetRequiredService<EvaluationService>();
        (int Sent, OutgoingEmail? Last) told = (0, null);
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("Timeline (simulated time)");
        foreach (var step in Steps)
        {
            clock.SetUtcNow(Start + step.At);
            step.Change(tenant, clock.GetUtcNow());
            await poll.RunAsync(cancellationToken);
            // The scan as the ScanEnrollment function runs it, reading the tokens the poll stored.
            await scan.RunAsync(cancellationToken);
            var results = new List<TenantEvaluation>();
            await evaluation.RunAsync(r => Add(results, r), cancellationToken);
            await stdout.WriteLineAsync($"{clock.GetUtcNow():yyyy-MM-dd HH:mm}  {step.What}");
            foreach (var result in results)
            {
                told = await ReportAsync(result) is { } email ? (told.Sent + 1, email) : told;
            }
        }

        return told;
    }

    private static void Add(List<TenantEvaluation> results, TenantEvaluation result)
    {
        lock (results)
        {
            results.Add(result);
        }
    }

    /// <summary>Prints what one evaluation sent; the email, if one went.</summary>
    private async Task<OutgoingEmail?> ReportAsync(TenantEvaluation result)
    {
        if (result.Error is not null)
        {
            await stdout.WriteLineAsync($"{Indent}failed: {result.Error}");
            return null;
        }

        if (result.Email is not { } email)
        {
            await stdout.WriteLineAsync($"{Indent}sent:   nothing");
            return null;
        }

        var channels = string.Join(", ", result.Delivered.Select(c => c.ToString().ToLowerInvariant()));
        await stdout.WriteLineAsync($"{Indent}sent:   {email.Subject} ({channels})");
        foreach (var e in result.Events)
        {
            await stdout.WriteLineAsync($"{Indent}        - {Describe(e)}");
        }

        return email;
    }

    private static string Describe(AlertEvent e) =>
        $"{e.Kind.ToString().ToLowerInvariant()}: {EventWording.Title(e)} {EventWording.Headline(e)} — "
        + $"{EventWording.Sentence(e)}";
}
