using System.Runtime.CompilerServices;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;

namespace TokenWatch.Core.Tests.Health;

/// <summary>docs/health-rules.md is generated from the catalog: the two cannot drift apart.</summary>
public sealed class HealthRulesDocumentTests
{
    [Fact]
    public void The_health_rules_page_is_what_the_catalog_generates()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "health-rules.md"));

        Assert.True(
            page == RulesDocument.Markdown(new HealthThresholds(), new AlertSettings()),
            "docs/health-rules.md differs from the catalog: run `dotnet run --project src/TokenWatch.Cli -- rules "
                + "--output markdown > docs/health-rules.md` and review the change."
        );
    }

    [Fact]
    public void Every_condition_states_its_rule_and_its_source()
    {
        foreach (var d in ConditionCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Explain(new HealthThresholds())), $"{d.Code} has no rule text");
            Assert.False(string.IsNullOrWhiteSpace(d.Source), $"{d.Code} names no source");
            Assert.NotEmpty(d.Kinds);
        }
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
