namespace TokenWatch.Infrastructure.Catalog;

/// <summary>A parser of a named value (an auth kind, a cloud) as a spreadsheet cell or an option holds it.</summary>
public delegate bool NameParser<T>(string? text, out T value);
