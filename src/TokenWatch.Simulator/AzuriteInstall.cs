using System.Diagnostics;
using System.Text.Json;

namespace TokenWatch.Simulator;

/// <summary>
/// Installs the npm packages pinned in package.json when they are missing: for the demo only what Azurite needs
/// (<c>npm ci --omit=dev</c>, about 186 MB), for the tests the development tools too (about 240 MB). A file lock in
/// the repository folder keeps two processes (a demo and a test run, two test runs) from installing at once or
/// from starting Azurite out of a folder that npm is still writing.
/// </summary>
public sealed class AzuriteInstall(string root, string npm = "npm")
{
    /// <summary>Beside package.json, not in node_modules, which <c>npm ci</c> deletes first.</summary>
    public const string LockFileName = ".npm-install.lock";

    /// <summary>How long a second process waits for the first one's install (a slow network takes minutes).</summary>
    public static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(200);

    /// <summary>The script Azurite's table service runs from.</summary>
    public string AzuriteMain => Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");

    /// <summary>The <c>npm</c> arguments for the packages wanted: without dev tools, only the dependencies.</summary>
    public static IReadOnlyList<string> Arguments(bool devTools) =>
        devTools
            ? ["ci", "--no-audit", "--no-fund", "--loglevel=error"]
            : ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"];

    /// <summary>
    /// Makes sure Azurite (and, with <paramref name="devTools"/>, every devDependency) is installed, installing under
    /// the lock when something is missing; checked again once the lock is held, so a second starter that waited for
    /// the first one's install does not install again.
    /// </summary>
    public async Task EnsureAsync(bool devTools, Action<string>? progress, CancellationToken cancellationToken)
    {
        await using var held = await AcquireLockAsync(TimeProvider.System, cancellationToken);
        if (Installed(devTools))
        {
            return;
        }

        progress?.Invoke(
            devTools
                ? "Installing the packages pinned in package.json with npm ci (about 240 MB): the Azurite storage "
                    + "emulator and the development tools the tests use…"
                : "Installing the Azurite storage emulator pinned in package.json with npm ci --omit=dev "
                    + "(first run only, about 186 MB)…"
        );
        await RunNpmAsync(Arguments(devTools), cancellationToken);
    }

    /// <summary>Azurite is there and, when asked for, every devDependency of package.json.</summary>
    public bool Installed(bool devTools) =>
        File.Exists(AzuriteMain)
        && (
            !devTools
            || DevDependencies().All(name => File.Exists(Path.Combine(root, "node_modules", name, "package.json")))
        );

    private IEnumerable<string> DevDependencies()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        return package.RootElement.TryGetProperty("devDependencies", out var dev)
            ? dev.EnumerateObject().Select(p => p.Name).ToList()
            : [];
    }

    /// <summary>
    /// The lock: the file opened without sharing, which .NET holds as an exclusive lock (flock on Unix) until the
    /// stream is disposed or the process ends, so a crashed installer never leaves it taken.
    /// </summary>
    private async Task<FileStream> AcquireLockAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, LockFileName);
        var deadline = clock.GetUtcNow() + LockPatience;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                if (clock.GetUtcNow() >= deadline)
                {
                    throw new TimeoutException(
                        $"Another process has been installing the npm packages for {LockPatience.TotalMinutes} "
                            + $"minutes ({path} is locked). Run 'npm ci' in {root} by hand and start again.",
                        ex
                    );
                }

                await Task.Delay(LockRetry, clock, cancellationToken);
            }
        }
    }

    private async Task RunNpmAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = AzuriteRunner.StartTool(start);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}"
            );
        }
    }
}
