using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TokenWatch.Style.Tests;

/// <summary>One C# file of the repository, parsed once, with its path relative to the repository root.</summary>
public sealed class SourceFile(string root, string fullPath)
{
    private readonly Lazy<string[]> _lines = new(() => File.ReadAllLines(fullPath));
    private readonly Lazy<SyntaxNode> _syntax = new(() =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(fullPath), path: fullPath).GetRoot()
    );

    public string Path { get; } = System.IO.Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    public bool IsSource => Path.StartsWith("src/", StringComparison.Ordinal);

    public IReadOnlyList<string> Lines => _lines.Value;

    public SyntaxNode Syntax => _syntax.Value;

    /// <summary>Every tracked-looking C# file under src and tests, build output and generated files aside.</summary>
    public static IReadOnlyList<SourceFile> All { get; } = Load();

    /// <summary>The full path of a file in the repository, from its path relative to the root.</summary>
    public static string InRepository(string relativePath) => System.IO.Path.Combine(RepositoryRoot(), relativePath);

    private static List<SourceFile> Load()
    {
        var root = RepositoryRoot();
        return
        [
            .. new[] { "src", "tests" }
                .SelectMany(d =>
                    Directory.EnumerateFiles(System.IO.Path.Combine(root, d), "*.cs", SearchOption.AllDirectories)
                )
                .Where(p => !IsGenerated(p))
                .Order(StringComparer.Ordinal)
                .Select(p => new SourceFile(root, p)),
        ];
    }

    private static bool IsGenerated(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        return parts.Contains("bin") || parts.Contains("obj") || path.EndsWith(".g.cs", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "TokenWatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TokenWatch.sln not found above the test output.");
    }
}
