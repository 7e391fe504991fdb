using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TokenWatch.Simulator;

/// <summary>
/// Runs the Azurite table emulator (pinned in the repository's package.json) on a free loopback port, in
/// memory, for the demo and the tests; installs it when missing (<see cref="AzuriteInstall"/>), and
/// stops it by its process id. A test of a storage outage can instead keep the data in a folder on a port of its
/// choosing, stop the emulator and start it again on the same folder and port.
/// </summary>
public sealed class AzuriteRunner : IAsyncDisposable
{
    /// <summary>Azurite's published, well-known development account; it only ever opens the local emulator.</summary>
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteRunner(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The node process serving the emulator, e.g. for a benchmark to read its CPU time.</summary>
    public int ProcessId => _process.Id;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};"
        + $"TableEndpoint=http://127.0.0.1:{Port}/{DevAccount};";

    public static Task<AzuriteRunner> StartAsync(
        Action<string>? progress = null,
        CancellationToken cancellationToken = default
    ) => StartAsync(dataFolder: null, port: null, progress, cancellationToken);

    /// <summary>
    /// Starts Azurite keeping its tables in <paramref name="dataFolder"/> (null: in memory) on <paramref name="port"/>
    /// (null: a free one). Started again on the same folder and port after <see cref="StopAsync"/>, it serves what it
    /// had stored, as a storage account does after an outage. <paramref name="devTools"/>: the tests' first start
    /// installs the development tools too; the demo's installs Azurite alone (<see cref="AzuriteInstall"/>).
    /// </summary>
    public static async Task<AzuriteRunner> StartAsync(
        string? dataFolder,
        int? port,
        Action<string>? progress,
        CancellationToken cancellationToken,
        bool devTools = false
    )
    {
        var root = RepositoryRoot();
        var install = new AzuriteInstall(root);
        await install.EnsureAsync(devTools, progress, cancellationToken);
        var azurite = install.AzuriteMain;
        var listenPort = port ?? FreePort();
        var start = NodeStart(root, azurite, listenPort, dataFolder);
        var process = StartTool(start);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var runner = new AzuriteRunner(process, listenPort);
        try
        {
            await WaitForPortAsync(process, listenPort, TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }

        return runner;
    }

    /// <summary>Node running Azurite's table service on 127.0.0.1:<paramref name="port"/>, quiet and offline.</summary>
    private static ProcessStartInfo NodeStart(string root, string azurite, int port, string? dataFolder)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = dataFolder is null ? ["--inMemoryPersistence"] : ["--location", dataFolder];
        foreach (
            var arg in new[]
            {
                azurite,
                "--tableHost",
                "127.0.0.1",
                "--tablePort",
                port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }
                .Concat(persistence)
                .Concat(["--disableTelemetry", "--skipApiVersionCheck", "--silent"])
        )
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>
    /// The folder holding the package.json that pins Azurite, searched upwards from here and from the app.
    /// </summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Could not find the TokenWatch repository (a package.json pinning azurite) above the current folder."
        );
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(
        Process process,
        int port,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start with code {process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s.");
    }

    /// <summary>
    /// Stops Azurite as its own Ctrl+C does (SIGINT), so that it writes its tables to its folder before it exits:
    /// killed outright, Azurite loses what it stored in the last seconds (it saves on a 5-second timer), which no
    /// storage account does to a write it acknowledged. Killed after <paramref name="grace"/> if it has not exited.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }

        // .NET can only kill a process outright; the kill command sends the signal Azurite handles.
        using (
            var signal = Process.Start(
                new ProcessStartInfo("kill")
                {
                    ArgumentList = { "-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    UseShellExecute = false,
                }
            )
        )
        {
            if (signal is not null)
            {
                await signal.WaitForExitAsync(cancellationToken);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>Starts node or npm; when it is not installed, says so in a sentence, not a stack trace.</summary>
    internal static Process StartTool(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolMissingException(
                $"'{start.FileName}' was not found: the demo, 'simulate' and the tests run the Azurite storage "
                    + "emulator "
                    + "with Node.js. Install Node.js 20 or later (https://nodejs.org) and run the command again.",
                ex
            );
        }
    }
}
