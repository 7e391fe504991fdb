using System.Runtime.InteropServices;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
internal static class BicepCli
{
    private static readonly Lazy<string> ExecutableLazy = new(PrepareExecutable);

    /// <summary>
    /// Path of a runnable bicep executable (NuGet does not keep the run bit when it extracts a package).
    /// </summary>
    public static string Executable => ExecutableLazy.Value;

    public static ProcessResult Run(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null
    ) => ProcessRunner.Run(Executable, arguments, workingDirectory ?? RepositoryPaths.Root, environment);

    private static string PrepareExecutable()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                "The infra tests use the Bicep CLI of Azure.Bicep.CommandLine.linux-x64 and run on Linux x64 "
                    + "only (as CI does)."
            );
        }

        var path = RepositoryPaths.BicepCliFromPackage;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Bicep CLI not found at {path}: restore tests/TokenWatch.Infra.Tests.",
                path
            );
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0)
        {
            return path;
        }

        try
        {
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only package cache: run a private copy instead.
            var copy = Path.Combine(Path.GetTempPath(), $"tokenwatch-bicep-{Environment.ProcessId}", "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy, overwrite: true);
            File.SetUnixFileMode(copy, mode | execute | UnixFileMode.UserWrite);
            return copy;
        }
    }
}
