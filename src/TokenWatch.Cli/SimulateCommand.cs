using System.Text.Json;
using TokenWatch.Simulator;

namespace TokenWatch.Cli;

/// <summary>
/// <c>tokenwatch simulate</c>: the MSP flow without Azure. Starts Azurite and a simulated Graph with a partner
/// tenant and five GDAP customers (served two to a page; one has not consented), writes a settings file pointing
/// at both (emails go to the <c>outbox</c> folder beside it), and runs until Ctrl+C, so <c>tenants discover</c>,
/// <c>run</c> and <c>status</c> can be tried with it.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string PartnerTenantId = "0a0a0a0a-1111-4222-8333-444444444444";

    private static readonly (string Id, string Name, bool Consented, int AdeDays)[] Customers =
    [
        ("c1000000-0000-4000-8000-000000000001", "Contoso", true, 200),
        ("c2000000-0000-4000-8000-000000000002", "Fabrikam", true, 25),
        ("c3000000-0000-4000-8000-000000000003", "Northwind Traders", true, 75),
        ("c4000000-0000-4000-8000-000000000004", "Tailspin Toys", false, 300),
        ("c5000000-0000-4000-8000-000000000005", "Wide World Importers", true, -2),
    ];

    public static async Task<int> RunAsync(
        string configPath,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken
    )
    {
        await using var azurite = await AzuriteRunner.StartAsync(m => stderr.WriteLine(m), cancellationToken);
        await using var intune = await SimulatedIntune.StartAsync(TimeProvider.System, cancellationToken);
        Seed(intune, TimeProvider.System.GetUtcNow());
        await using var actions = await SimulatedActionPage.StartAsync(cancellationToken);
        // Beside the settings file, spelled out: run from another folder, the emails still land in one place.
        var outbox = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, "outbox");
        var settings = Settings(intune.BaseUrl, azurite.ConnectionString, outbox, actions.Settings);
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(settings, Indented), cancellationToken);
        await IntroduceAsync(intune.BaseUrl, azurite.ConnectionString, configPath, stdout);
        await actions.ServeAsync(configPath, stdout, stderr);
        await UntilStopped.WaitAsync(stdout, cancellationToken);
        return 0;
    }

    /// <summary>The settings file: the simulated Graph, Azurite, the outbox folder and the action page.</summary>
    private static Dictionary<string, object> Settings(string graph, string storage, string outbox, object actions) =>
        new()
        {
            ["TokenWatch"] = new Dictionary<string, object>
            {
                ["Graph"] = new { BaseUrl = graph + "/tenants/{tenantId}", Auth = "None" },
                ["Email"] = new
                {
                    From = "tokenwatch@msp.example",
                    Recipients = new[] { "msp-ops@msp.example" },
                    OutboxPath = outbox,
                    SendGridApiKey = "",
                },
                ["Storage"] = new { ConnectionString = storage },
                ["Actions"] = actions,
                ["Discovery"] = new
                {
                    PartnerTenantId,
                    Auth = "None",
                    OpsRecipients = new[] { "msp-ops@msp.example" },
                },
            },
        };

    /// <summary>
    /// Where the simulated Graph reads a customer (the bare URL is an empty default tenant, which reads as a false
    /// OK) and the commands to run against it, in the order the README's MSP walkthrough takes them.
    /// </summary>
    private static async Task IntroduceAsync(string graph, string storage, string configPath, TextWriter stdout)
    {
        var (contoso, name, _, _) = Customers[0];
        var tables = storage.Split("TableEndpoint=")[1].TrimEnd(';');
        await stdout.WriteLineAsync(
            $"Simulated Graph on {graph} (partner tenant {PartnerTenantId}, {Customers.Length} GDAP customers), "
                + $"Azurite on {tables}."
        );
        await stdout.WriteLineAsync(
            $"{name}'s tokens as Graph serves them: "
                + $"{graph}/tenants/{contoso}/beta/deviceManagement/depOnboardingSettings"
        );
        await stdout.WriteLineAsync($"Settings written to {Path.GetFullPath(configPath)}. In another terminal:");
        foreach (var command in Walkthrough)
        {
            await stdout.WriteLineAsync(
                $"  dotnet run --project src/TokenWatch.Cli -- {command} --config {configPath}"
            );
        }
    }

    /// <summary>The MSP flow against the simulator: discover, add, poll, read.</summary>
    private static readonly string[] Walkthrough =
    [
        "tenants discover",
        "tenants discover --add",
        "run",
        "status",
        "check --tenant Contoso",
    ];

    private static void Seed(SimulatedIntune intune, DateTimeOffset now)
    {
        var partner = intune.AddTenant(PartnerTenantId);
        partner.PageSize = 2;
        foreach (var (id, name, consented, adeDays) in Customers)
        {
            partner.Customers.Add(new SimulatedCustomer(id, name));
            var tenant = intune.AddTenant(id);
            tenant.Consented = consented;
            tenant.AdeTokens.Add(
                new SimulatedAdeToken
                {
                    Id = $"ade-{name.Split(' ')[0].ToLowerInvariant()}",
                    TokenName = $"{name} ABM",
                    AppleIdentifier = $"abm@{name.Split(' ')[0].ToLowerInvariant()}.example",
                    TokenExpirationDateTime = now.AddDays(adeDays),
                }
            );
            tenant.VppTokens.Add(
                new SimulatedVppToken
                {
                    Id = "vpp-1",
                    DisplayName = "Apps and Books",
                    AppleId = "vpp@example.com",
                    ExpirationDateTime = now.AddDays(adeDays + 40),
                    State = "valid",
                }
            );
            tenant.ApnsCertificate = new SimulatedApnsCertificate
            {
                AppleIdentifier = "apns@example.com",
                ExpirationDateTime = now.AddDays(adeDays + 80),
            };
        }
    }
}
