namespace TokenWatch.Core.Retention;

/// <summary>One tenant after its clean-up: rows deleted, and rows left per (table, kind).</summary>
public sealed record PrunedTenant(int Deleted, IReadOnlyDictionary<StoredRowKind, long> Rows);
