namespace TokenWatch.Core.Retention;

/// <summary>What one clean-up run did: tenants visited, rows deleted, and the rows of every table afterwards.</summary>
/// <param name="Rows">Rows per (table, kind) over the tenants visited.</param>
public sealed record RetentionSummary(
    int Tenants,
    int VisitedTenants,
    int FailedTenants,
    int Deleted,
    IReadOnlyDictionary<StoredRowKind, long> Rows,
    TimeSpan Duration
)
{
    /// <summary>Rows of one table, all kinds.</summary>
    public long RowsOf(string table) => Rows.Where(r => r.Key.Table == table).Sum(r => r.Value);

    /// <summary>"TokenState: token 60, run 4000 …; AlertLedger: …", tables and kinds in name order.</summary>
    public string Describe() =>
        string.Join(
            "; ",
            Rows.GroupBy(r => r.Key.Table)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                    $"{g.Key}: "
                    + string.Join(
                        ", ",
                        g.OrderBy(r => r.Key.Kind, StringComparer.Ordinal).Select(r => $"{r.Key.Kind} {r.Value}")
                    )
                )
        );
}
