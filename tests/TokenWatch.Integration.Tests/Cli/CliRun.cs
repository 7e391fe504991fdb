using System.Text.Json;
using TokenWatch.Cli;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Cli;

/// <summary><c>tokenwatch</c> run as a user runs it, with settings written from flat keys (<c>A:B:0</c>).</summary>
internal static class CliRun
{
    /// <summary>Azurite's public development account key (documented by Microsoft, not a secret).</summary>
    private const string DevelopmentKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TokenWatchCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A storage connection string to a table endpoint on a loopback port.</summary>
    public static string Storage(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + $"AccountKey={DevelopmentKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>A loopback port nothing listens on: storage that is stopped.</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Settings for the simulator's tenants, email to a temporary outbox, <paramref name="extra"/> on top.
    /// </summary>
    public static async Task<string> ConfigAsync(
        SimulatedIntune intune,
        IReadOnlyList<string> tenants,
        IDictionary<string, string?> extra
    )
    {
        var folder = Path.Combine(Path.GetTempPath(), "tokenwatch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var settings = new Dictionary<string, string?>
        {
            ["TokenWatch:Graph:BaseUrl"] = intune.BaseUrl + "/tenants/{tenantId}",
            ["TokenWatch:Graph:Auth"] = "None",
            ["TokenWatch:Graph:RetryDelaySeconds"] = "0",
            ["TokenWatch:Email:From"] = "tokenwatch@contoso.example",
            ["TokenWatch:Email:Recipients:0"] = "admins@contoso.example",
            ["TokenWatch:Email:OutboxPath"] = Path.Combine(folder, "outbox"),
        };
        for (var i = 0; i < tenants.Count; i++)
        {
            settings[$"TokenWatch:Tenants:{i}:TenantId"] = tenants[i];
            settings[$"TokenWatch:Tenants:{i}:DisplayName"] = $"Tenant {i + 1}";
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var path = Path.Combine(folder, "tokenwatch.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(Nest(settings)));
        return path;
    }

    /// <summary>Flat configuration keys as the nested JSON object the configuration reader expects.</summary>
    private static Dictionary<string, object?> Nest(IDictionary<string, string?> flat)
    {
        var root = new Dictionary<string, object?>();
        foreach (var (key, value) in flat)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node.GetValueOrDefault(part) is not Dictionary<string, object?> child)
                {
                    node[part] = child = new Dictionary<string, object?>();
                }

                node = child;
            }

            node[parts[^1]] = value;
        }

        return root;
    }

    /// <summary>The simulator with <paramref name="count"/> tenants, each with a healthy token of every kind.</summary>
    public static async Task<(SimulatedIntune Intune, List<string> Tenants)> SimulatorAsync(int count)
    {
        var intune = await SimulatedIntune.StartAsync(TimeProvider.System);
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var id in ids)
        {
            intune.AddTenant(id).OneOfEach(DateTimeOffset.UtcNow);
        }

        return (intune, ids);
    }

    public static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
