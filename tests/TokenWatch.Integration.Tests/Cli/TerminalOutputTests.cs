using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Cycle;
using TokenWatch.Integration.Tests.Catalog;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary>
/// Outside text reaches the console only through the one sanitiser: Graph names in <c>status</c>, a pause reason in
/// <c>tenants list</c> and <c>show</c>. What a terminal would obey (ESC/CSI, OSC-8, C1, CR/LF, bidi) never arrives.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TerminalOutputTests(AzuriteFixture azurite)
{
    /// <summary>Clear screen, an OSC-8 link, the one-byte CSI, a forged line, a right-to-left override.</summary>
    private const string Forged =
        "Main\u001b[2J ABM \u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007 \u009b31m red\r\n"
        + "FORGED ROW\u202Egnp.exe";

    [Fact]
    public async Task Status_and_tenant_lists_print_forged_outside_text_without_a_control_character()
    {
        var table = CatalogCli.NewTable();
        await using var app = await TestApp.StartAsync(azurite, tenants: 0, configure: s =>
            s["TokenWatch:Storage:CatalogTable"] = table
        );
        var cli = await CatalogCli.ForAsync(app, table);
        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        app.Intune.AddTenant(id)
            .AdeTokens.Add(
                new SimulatedAdeToken
                {
                    Id = "ade-1",
                    TokenName = Forged,
                    TokenExpirationDateTime = now.AddDays(10),
                    Syncing = false,
                    LastSuccessfulSyncDateTime = now.AddHours(-1),
                }
            );
        await cli.RunAsync("tenants", "add", id, "--name", "Contoso");
        await app.Services.GetRequiredService<PollService>().RunAsync(CancellationToken.None);
        await cli.RunAsync("tenants", "pause", id, "--reason", Forged);

        var outputs = new[]
        {
            await cli.RunAsync("status"),
            await cli.RunAsync("status", "--renewals"),
            await cli.RunAsync("tenants", "list"),
            await cli.RunAsync("tenants", "show", id),
        };

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.Err));
        // status bounds its TOKEN column, so the forged row's text is cut there; the tenant lists show it whole.
        Assert.All(outputs, o => Assert.Contains("Main", o.Out, StringComparison.Ordinal));
        Assert.All(outputs[2..], o => Assert.Contains("FORGED ROW", o.Out, StringComparison.Ordinal));
        Assert.All(outputs.SelectMany(o => o.Out.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')), line =>
        {
            Assert.DoesNotContain(line, c => char.IsControl(c) && c != '\t');
            Assert.DoesNotContain(line, c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');
            Assert.False(line.StartsWith("FORGED ROW", StringComparison.Ordinal), line); // no line of its own
        });
    }
}
