namespace TokenWatch.Infrastructure.Csv;

/// <summary>
/// The one cell-escaping rule for every CSV TokenWatch writes that a spreadsheet opens (<c>tenants export</c>,
/// <c>status --output csv</c>): a cell that a spreadsheet would run as a formula (it starts with <c>= + - @</c>, their
/// full-width forms, a tab or a carriage return) gets a leading apostrophe, which Excel and LibreOffice show as text.
/// Text from outside (token names, Apple IDs, customer names) is never evaluated. A cell starting with an apostrophe
/// gets one more, so <see cref="Unescape"/> gives back exactly what was written. A plain number such as <c>-3</c> (the
/// days of an expired token) stays a number: it runs nothing, and a spreadsheet still sorts and sums it (OWASP, CSV
/// Injection: the risk is a cell that starts a formula, not a signed number).
/// </summary>
public static class SpreadsheetCells
{
    private const char Escape = '\'';

    /// <summary>The value as a CSV cell a spreadsheet shows as text; null and empty stay as they are.</summary>
    public static string? Cell(string? value) => NeedsEscape(value) && !IsPlainNumber(value) ? Escape + value : value;

    /// <summary>The value <see cref="Cell"/> was given: one leading apostrophe it added is taken off again.</summary>
    public static string? Unescape(string? cell) =>
        cell is { Length: > 1 } && cell[0] == Escape && NeedsEscape(cell[1..]) ? cell[1..] : cell;

    private static bool IsPlainNumber(string? value) =>
        value is { Length: > 1 } && value[0] == '-' && value.Skip(1).All(char.IsAsciiDigit);

    private static bool NeedsEscape(string? value) =>
        value is { Length: > 0 }
        && value[0]
            is '='
                or '+'
                or '-'
                or '@'
                or '\t'
                or '\r'
                or '\uFF1D'
                or '\uFF0B'
                or '\uFF0D'
                or '\uFF20'
                or Escape;
}
