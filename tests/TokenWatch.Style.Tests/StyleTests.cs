using Xunit.Abstractions;

namespace TokenWatch.Style.Tests;

/// <summary>
/// architecture.md's style as a habit, not a hope: lines within 120 characters (src and tests), one type per file
/// (src and tests), no src file over 300 lines and no src member over 40 — except what style-exceptions.txt names.
/// </summary>
public sealed class StyleTests(ITestOutputHelper output)
{
    private static readonly Func<SourceFile, IEnumerable<StyleViolation>>[] Rules =
    [
        StyleRules.LongLines,
        StyleRules.LongFile,
        StyleRules.LongMembers,
        StyleRules.TypesPerFile,
    ];

    [Fact]
    public void Every_file_keeps_the_style_rules_or_is_a_named_exception()
    {
        var violations = SourceFile.All.SelectMany(f => Rules.SelectMany(rule => rule(f))).ToList();
        if (Environment.GetEnvironmentVariable("STYLE_REWRITE_EXCEPTIONS") == "1")
        {
            StyleExceptions.Rewrite(
                violations,
                SourceFile.InRepository("tests/TokenWatch.Style.Tests/style-exceptions.txt")
            );
            return;
        }

        var exceptions = StyleExceptions.Load();
        foreach (var group in violations.GroupBy(v => v.Rule))
        {
            output.WriteLine(
                $"{group.Key}: {group.Count()} ({group.Sum(v => v.Size)}) over {SourceFile.All.Count} files"
            );
        }

        var unexcused = violations.Where(v => !exceptions.Allows(v)).Select(v => v.ToString()).ToList();
        Assert.True(unexcused.Count == 0, "Over the style limits:\n" + string.Join('\n', unexcused));
    }

    [Fact]
    public void Every_named_exception_is_still_needed()
    {
        var keys = SourceFile.All.SelectMany(f => Rules.SelectMany(rule => rule(f))).Select(v => v.Key).ToHashSet();
        var stale = StyleExceptions.Load().Keys.Where(k => !keys.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Remove from style-exceptions.txt:\n" + string.Join('\n', stale));
    }
}
