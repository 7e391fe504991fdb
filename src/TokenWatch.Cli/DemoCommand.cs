using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Configuration;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch demo</c>: no Azure needed. Starts the simulated tenant and Azurite, walks a tenant through weeks
/// of simulated time with the real poll and evaluate (expiry milestones, a sync error and its reminder, an invalid
/// VPP token, renewals and recoveries), writes every email, Teams card and (for critical events) signed webhook
/// request to the outbox folder, and prints the timeline.
/// </summary>
internal static class DemoCommand
{
    public const string TenantId = "8f6e2c1a-4b3d-4e5f-9a7b-0c1d2e3f4a5b";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(
        string outboxPath,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        var clock = new FakeTimeProvider(Start);
        var outbox = Path.GetFullPath(outboxPath);
        ClearPreviousDemo(outbox);

        await stdout.WriteLineAsync(
            "TokenWatch demo: a simulated Intune tenant, Azurite, and emails written to the outbox folder."
        );
        await using var azurite = await AzuriteRunner.StartAsync(m => stderr.WriteLine(m), cancellationToken);
        await using var intune = await SimulatedIntune.StartAsync(clock, cancellationToken);
        var tenant = SeedTenant(intune);

        var configuration = CliSettings.Build(
            configFile: null,
            new Dictionary<string, string?>
            {
                ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
                ["TokenWatch:Graph:Auth"] = nameof(GraphAuth.None),
                ["TokenWatch:Tenants:0:TenantId"] = TenantId,
                ["TokenWatch:Tenants:0:DisplayName"] = "Contoso",
                ["TokenWatch:Tenants:0:Recipients:0"] = "intune-admins@contoso.example",
                ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
                ["TokenWatch:Email:OutboxPath"] = outbox,
                ["TokenWatch:Email:SendGridApiKey"] = "",
                ["TokenWatch:Storage:ConnectionString"] = azurite.ConnectionString,

                // No URLs: the Teams cards and webhook requests land in the outbox folder next to the emails, the
                // webhook signed with a secret made up for this run.
                ["TokenWatch:Routing:Teams"] = "all",
                ["TokenWatch:Routing:Webhook"] = "critical",
                ["TokenWatch:Webhook:Secret"] =
                    "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            }
        );
        await using var services = CliSettings.Services(configuration, TokenWatchScope.Full, s =>
            s.AddSingleton<TimeProvider>(clock)
        );
        if (!CliSettings.Validate(services, stderr))
        {
            return 3;
        }

        var poll = services.GetRequiredService<PollService>();
        var evaluation = services.GetRequiredService<EvaluationService>();
        var ade = tenant.AdeTokens[0];
        var vpp = tenant.VppTokens[0];
        var steps = new (TimeSpan At, string What, Action Change)[]
        {
            (
                Days(0),
                "First poll: ADE expires in 60 days, VPP Seattle HQ in 200, Berlin Office in 220, APNs in 250.",
                () => { }
            ),
            (Days(30), "The ADE token is now 30 days from expiry.", () => { }),
            (Days(31), "Apple published new terms; the ADE token's sync fails with error 3 (terms not accepted).", () =>
            {
                ade.Syncing = false;
                ade.LastSuccessfulSyncDateTime = clock.GetUtcNow().AddHours(-2);
                ade.LastSyncTriggeredDateTime = clock.GetUtcNow().AddMinutes(-30);
                ade.LastSyncErrorCode = 3;
            }),
            (Days(31.5), "Twelve hours later, nothing new: nothing is sent twice.", () => { }),
            (Days(32), "A day after the error it still fails: a reminder.", () => { }),
            (
                Days(32.5),
                "The Seattle HQ VPP token turns invalid (the Apple ID that owns it changed its password).",
                () => vpp.State = "invalid"
            ),
            (Days(33), "An ABM administrator accepted the terms and renewed the ADE token for a year.", () =>
            {
                ade.LastSyncErrorCode = 0;
                ade.LastSyncTriggeredDateTime = null;
                ade.Syncing = true;
                ade.TokenExpirationDateTime = clock.GetUtcNow().AddDays(365);
            }),
            (
                Days(33) + TimeSpan.FromHours(1),
                "A second clean poll: the ADE sync error is over (two in a row, so no flapping).",
                () => { }
            ),
            (
                Days(34),
                "The Seattle HQ VPP token was renewed in Intune; the renewed ADE token synced overnight: its renewal is confirmed.",
                () =>
                {
                    vpp.State = "valid";
                    vpp.ExpirationDateTime = clock.GetUtcNow().AddDays(365);
                }
            ),
            (
                Days(34) + TimeSpan.FromHours(1),
                "A second clean poll: the Seattle HQ VPP token is valid again.",
                () => { }
            ),
        };

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("Timeline (simulated time)");
        var sent = 0;
        foreach (var (at, what, change) in steps)
        {
            clock.SetUtcNow(Start + at);
            change();
            await poll.RunAsync(cancellationToken);
            var results = new List<TenantEvaluation>();
            await evaluation.RunAsync(
                r =>
                {
                    lock (results)
                    {
                        results.Add(r);
                    }
                },
                cancellationToken
            );
            await stdout.WriteLineAsync($"{clock.GetUtcNow():yyyy-MM-dd HH:mm}  {what}");
            foreach (var result in results)
            {
                if (result.Error is not null)
                {
                    await stdout.WriteLineAsync($"                  failed: {result.Error}");
                }
                else if (result.Email is { } email)
                {
                    sent++;
                    var channels = string.Join(", ", result.Delivered.Select(c => c.ToString().ToLowerInvariant()));
                    await stdout.WriteLineAsync($"                  sent:   {email.Subject} ({channels})");
                    foreach (var e in result.Events)
                    {
                        await stdout.WriteLineAsync($"                          - {Describe(e)}");
                    }
                }
                else
                {
                    await stdout.WriteLineAsync("                  sent:   nothing");
                }
            }
        }

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync(
            $"{sent} emails written to {outbox} (.html opens in a browser, .eml in a mail client),"
        );
        await stdout.WriteLineAsync(
            "with a Teams card for each (.teams.json) and a signed webhook request for the critical ones "
                + "(.webhook.http)."
        );
        return 0;
    }

    private static TimeSpan Days(double days) => TimeSpan.FromDays(days);

    private static SimulatedTenant SeedTenant(SimulatedIntune intune)
    {
        var tenant = intune.AddTenant(TenantId);
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = "9b3c1f7e-2d4a-4c8e-9f61-3a5e7d2b8c10",
                TokenName = "Contoso ABM - Corporate iPhones",
                AppleIdentifier = "abm-admin@contoso.example",
                TokenExpirationDateTime = Start.AddDays(60),
                SyncedDeviceCount = 412,
            }
        );
        // Two locations of one organization: Graph v1.0 would name both "Contoso Ltd"; beta tells them apart.
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "3f1d7c2a-8e4b-4a6f-b1c9-5d2e8f7a6b3c",
                OrganizationName = "Contoso Ltd",
                LocationName = "Seattle HQ",
                DisplayName = "Contoso Apps and Books",
                AppleId = "vpp-admin@contoso.example",
                ExpirationDateTime = Start.AddDays(200),
            }
        );
        tenant.VppTokens.Add(
            new SimulatedVppToken
            {
                Id = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
                OrganizationName = "Contoso Ltd",
                LocationName = "Berlin Office",
                DisplayName = "Contoso Apps and Books",
                AppleId = "vpp-admin@contoso.example",
                ExpirationDateTime = Start.AddDays(220),
            }
        );
        tenant.ApnsCertificate = new SimulatedApnsCertificate
        {
            AppleIdentifier = "intune-apns@contoso.example",
            ExpirationDateTime = Start.AddDays(250),
        };
        return tenant;
    }

    private static string Describe(AlertEvent e) =>
        $"{e.Kind.ToString().ToLowerInvariant()}: {EventWording.Title(e)} {EventWording.Headline(e)} — "
        + $"{EventWording.Sentence(e)}";

    /// <summary>The demo writes a fresh set of emails; older demo emails would only confuse the timeline.</summary>
    private static void ClearPreviousDemo(string outbox)
    {
        if (!Directory.Exists(outbox))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(outbox, $"*-{TenantId}.*"))
        {
            File.Delete(file);
        }
    }
}
