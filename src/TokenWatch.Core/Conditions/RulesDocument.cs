using System.Globalization;
using System.Text;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Conditions;

/// <summary>
/// Every condition of the catalog as a Markdown page (<c>tokenwatch rules --output markdown</c>, docs/health-rules.md):
/// generated, so the documentation cannot drift from the rules.
/// </summary>
public static class RulesDocument
{
    public static string Markdown(HealthThresholds thresholds, AlertSettings alerts)
    {
        var page = new StringBuilder();
        page.AppendLine("# Health rules")
            .AppendLine()
            .AppendLine(
                "Generated from TokenWatch's condition catalog by `tokenwatch rules --output markdown` with the"
            )
            .AppendLine("default settings; a test fails when this file and the catalog differ. Severity is the one a")
            .AppendLine(
                "condition is raised with; a token's status is its worst condition (critical beats unknown beats"
            )
            .AppendLine("warning beats ok), and anything TokenWatch cannot judge is `unknown`, never `ok`.")
            .AppendLine()
            .AppendLine("| Condition | Kinds | Severity | Rule | Source |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var d in ConditionCatalog.All)
        {
            page.AppendLine(
                CultureInfo.InvariantCulture,
                $"| `{d.Code}` | {Kinds(d)} | {d.Severity.ToSlug()} | {Cell(d.Explain(thresholds))}{Traits(d)} | "
                    + $"{Cell(d.Source)} |"
            );
        }

        AppendTelling(page, alerts);
        return page.ToString();
    }

    private static void AppendTelling(StringBuilder page, AlertSettings alerts) =>
        page.AppendLine()
            .AppendLine("## How conditions are told")
            .AppendLine()
            .AppendLine(
                CultureInfo.InvariantCulture,
                $"- Expiry milestones: {string.Join(", ", alerts.MilestoneDays)} days before expiry, once each; "
                    + $"while a token is in error only the milestones of {alerts.MilestonesDuringErrorDays} days "
                    + $"or fewer are told."
            )
            .AppendLine(
                CultureInfo.InvariantCulture,
                $"- A critical condition is told again every {alerts.ReminderHours} h, also after expiry; a "
                    + $"condition is recovered after {alerts.RecoveryPolls} clean polls in a row."
            )
            .AppendLine(
                CultureInfo.InvariantCulture,
                $"- After an ADE or VPP renewal, a successful sync after TokenWatch saw it confirms it; none "
                    + $"within {alerts.RenewalConfirmationHours} h is told as critical (\"renewal not confirmed\")."
            )
            .AppendLine(
                "- An owner change is a warning for the push certificate only (renewing under another Apple ID "
                    + "makes a new certificate); for ADE and VPP tokens it is news (Microsoft: \"Renew an ADE "
                    + "token\"; a VPP token belongs to its location)."
            );

    private static string Kinds(ConditionDescriptor d) =>
        string.Join(", ", d.Kinds.Select(k => k.ToSlug().ToUpperInvariant()));

    private static string Traits(ConditionDescriptor d)
    {
        var traits = new List<string>();
        if (d.IsError)
        {
            traits.Add("an error: holds back countdown mail");
        }

        if (d.ClearedByRenewal)
        {
            traits.Add("a renewal clears it");
        }

        return traits.Count == 0 ? "" : $" _({string.Join("; ", traits)})_";
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
