using System.Globalization;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// <c>status</c>'s table within 120 columns: names before ids, a SNOOZED column, reasons below the table numbered
/// and each said once (a tenant that refused sign-in fails the same way for every kind), then one line per tenant
/// with its id. Ids of tokens and Apple IDs are in the CSV and JSON.
/// </summary>
internal static class StatusTable
{
    private static readonly string[] Header = ["TENANT", "KIND", "TOKEN", "STATUS", "DAYS", "EXPIRES", "SNOOZED"];

    /// <summary>A terminal's or a mail's width.</summary>
    private const int Width = 120;

    /// <summary>The widest a name may be: the columns together stay within 120.</summary>
    private const int NameWidth = 30;

    public static async Task WriteAsync(IReadOnlyList<StatusRow> rows, TextWriter stdout)
    {
        var notes = new ReasonNotes();
        var cells = rows.Select(r => Cells(r, notes)).ToList();
        await TextTable.WriteAsync(stdout, Header, cells);
        await notes.WriteAsync(stdout, Width);

        foreach (var tenant in rows.GroupBy(r => r.TenantId, StringComparer.OrdinalIgnoreCase))
        {
            var worst = tenant.Select(r => r.Health).Aggregate(HealthStatus.Ok, (a, b) => a.Worst(b));
            await stdout.WriteLineAsync(
                $"{Words.Inline(tenant.First().Tenant)} ({Words.Inline(tenant.Key)}): "
                    + $"{worst.ToSlug().ToUpperInvariant()}, {Plural.Of(tenant.Count(), "row")}"
            );
            foreach (var silenced in tenant.Select(r => r.Silenced).OfType<string>())
            {
                await stdout.WriteLineAsync($"  silenced: {Words.Clean(silenced, 300)}");
            }
        }
    }

    private static string[] Cells(StatusRow row, ReasonNotes notes)
    {
        var note = notes.Add(row.Detail);
        return
        [
            Words.Clean(row.Paused ? $"{row.Tenant} (paused)" : row.Tenant, NameWidth),
            row.Kind,
            Words.Clean(row.Token, NameWidth),
            row.Status.ToUpperInvariant() + (note is { } n ? $" [{n}]" : ""),
            row.DaysLeft?.ToString(CultureInfo.InvariantCulture) ?? "",
            row.ExpiresAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            row.SnoozedUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        ];
    }
}
