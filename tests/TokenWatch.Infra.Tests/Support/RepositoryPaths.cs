using System.Reflection;

namespace TokenWatch.Infra.Tests.Support;

/// <summary>Where the repository and the tools the tests drive are.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the folder that holds TokenWatch.sln.</summary>
    public static string Root => RootLazy.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainBicepParam => Path.Combine(Infra, "main.bicepparam");

    public static string Workflows => Path.Combine(Root, ".github", "workflows");

    public static string Docs => Path.Combine(Root, "docs");

    /// <summary>tools/bicep of the Azure.Bicep.CommandLine.linux-x64 package, from the csproj at build time.</summary>
    public static string BicepCliFromPackage =>
        typeof(RepositoryPaths)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepCliPath")
            ?.Value
        ?? throw new InvalidOperationException(
            "The test assembly has no BicepCliPath metadata; build it with dotnet build."
        );

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TokenWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No TokenWatch.sln above {AppContext.BaseDirectory}.");
    }
}
