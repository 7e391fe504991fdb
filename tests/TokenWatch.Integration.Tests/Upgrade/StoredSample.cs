namespace TokenWatch.Integration.Tests.Upgrade;

/// <summary>A stored sample: when it was taken (by the sample's clock), by which commit, and its rows.</summary>
internal sealed record StoredSample(DateTimeOffset TakenAt, string Source, IReadOnlyList<StoredRow> Rows);
