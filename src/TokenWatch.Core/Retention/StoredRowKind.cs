namespace TokenWatch.Core.Retention;

/// <summary>A kind of row in a table, as the row counts report it.</summary>
public sealed record StoredRowKind(string Table, string Kind);
