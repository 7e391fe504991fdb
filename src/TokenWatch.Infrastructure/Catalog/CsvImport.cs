namespace TokenWatch.Infrastructure.Catalog;

/// <summary>The rows of a CSV file and every problem found in it, each naming its line.</summary>
public sealed record CsvImport(IReadOnlyList<CatalogTenant> Rows, IReadOnlyList<string> Problems);
