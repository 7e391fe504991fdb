namespace TokenWatch.Testing;

/// <summary>
/// Table round trips: entity-group transactions, reads (queries and point reads), single-entity writes, table
/// management.
/// </summary>
internal sealed record TableRequests(long Transactions, long Reads, long Writes, long Tables)
{
    public long Total => Transactions + Reads + Writes + Tables;

    public TableRequests Since(TableRequests earlier) =>
        new(
            Transactions - earlier.Transactions,
            Reads - earlier.Reads,
            Writes - earlier.Writes,
            Tables - earlier.Tables
        );
}
