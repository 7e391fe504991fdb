namespace TokenWatch.Infrastructure.Catalog;

/// <summary>A catalog tenant's own value of a health threshold, with the global setting's name and bounds.</summary>
internal sealed record Threshold(string Field, int? Value, string Setting, int Min, int Max);
