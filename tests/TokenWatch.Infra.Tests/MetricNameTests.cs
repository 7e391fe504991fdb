using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// Metrics and properties have one source of truth too: the instruments and log templates in src/. The workbook,
/// the alert rules and docs/operations.md may read only metrics the code records and properties it writes, and the
/// docs list every metric with the dimensions it really has.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class MetricNameTests(InfraFixture infra)
{
    private static string OperationsDoc => File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "operations.md"));

    [Fact]
    public void Docs_workbook_and_alerts_name_only_metrics_the_code_records_and_the_docs_give_their_dimensions()
    {
        var code = MetricNames.InCode();
        Assert.True(code.Count >= 6, $"expected TokenWatch's metrics, found {code.Count}");
        Assert.Equal(
            ["kind", "status", "tenant", "token"],
            code["tokenwatch.token.days_until_expiry"].Order(StringComparer.Ordinal)
        );

        Assert.Empty(MetricNames.Problems(code, OperationsDoc, EventNameTests.ShippedQueries(infra.DefaultSnapshot)));
    }

    [Fact]
    public void Queries_read_only_properties_an_event_or_a_metric_writes()
    {
        var written = Written();
        Assert.Contains("FailedEndpoints", written);
        Assert.Contains("status", written);

        var queries = EventNameTests
            .ShippedQueries(infra.DefaultSnapshot)
            .Append((Source: "docs/operations.md", Text: OperationsDoc))
            .ToList();
        Assert.Contains(queries, q => PropertyNames.InQuery(q.Text).Contains("status"));
        Assert.Empty(PropertyNames.Problems(written, queries));
    }

    [Fact]
    public void A_made_up_metric_a_wrong_dimension_or_an_unwritten_property_is_caught()
    {
        var code = MetricNames.InCode();
        var doc = OperationsDoc.Replace(
            "| gauge, days | `tenant`, `kind`, `token`, `status`",
            "| gauge, days | `tenant`, `kind`",
            StringComparison.Ordinal
        );
        var query = (
            "workbook item made-up",
            "customMetrics | where name == \"tokenwatch.token.days_left\" "
                + "| extend S = tostring(customDimensions.owner), T = tostring(customDimensions[\"TenantName\"])"
        );

        var metricProblems = MetricNames.Problems(code, doc, [query]);
        var propertyProblems = PropertyNames.Problems(Written(), [query]);

        Assert.Contains(
            "docs/operations.md gives tokenwatch.token.days_until_expiry the dimensions kind, tenant; "
                + "the code records kind, status, tenant, token",
            metricProblems
        );
        Assert.Contains(
            "workbook item made-up names metric tokenwatch.token.days_left, which the code does not record",
            metricProblems
        );
        Assert.Equal(2, metricProblems.Count);
        Assert.Equal(
            [
                "workbook item made-up reads customDimensions.owner, which no event or metric of the code writes",
                "workbook item made-up reads customDimensions.TenantName, which no event or metric of the code writes",
            ],
            propertyProblems
        );
    }

    private static HashSet<string> Written() =>
        [.. PropertyNames.LoggedInCode(), .. MetricNames.InCode().Values.SelectMany(tags => tags)];
}
