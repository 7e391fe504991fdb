namespace TokenWatch.Infra.Tests.Support;

/// <summary>The npm dev tools of package.json, run from the repository's node_modules.</summary>
internal static class NodeTools
{
    /// <summary>Skips the calling test, saying why, when `npm ci` has not been run (CI always runs it first).</summary>
    public static void SkipUnlessInstalled(params string[] binaries)
    {
        var bin = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin");
        var missing = binaries.Where(b => !File.Exists(Path.Combine(bin, b))).ToList();
        Skip.If(
            missing.Count > 0,
            $"node_modules/.bin has no {string.Join(", ", missing)}: run `npm ci` in the repository root."
        );
    }

    public static void SkipUnlessPackageInstalled(string package)
    {
        var directory = Path.Combine(RepositoryPaths.Root, "node_modules", package);
        Skip.If(!Directory.Exists(directory), $"node_modules has no {package}: run `npm ci` in the repository root.");
    }

    public static ProcessResult Npx(params string[] arguments) =>
        ProcessRunner.Run("npx", ["--no-install", .. arguments], RepositoryPaths.Root);

    public static ProcessResult Node(string script, string standardInput) =>
        ProcessRunner.Run(
            "node",
            [Path.Combine(RepositoryPaths.Root, script)],
            RepositoryPaths.Root,
            standardInput: standardInput
        );
}
