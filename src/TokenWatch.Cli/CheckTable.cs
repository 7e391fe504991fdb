using System.Globalization;
using Spectre.Console;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// <c>check</c>'s table: worst first, names before ids, within <see cref="Width"/> columns. Reasons are sentences, so
/// they go below the table, numbered, each said once however many rows share it (a tenant that refused sign-in
/// fails the same way for all three kinds); then one line per tenant and the overall status.
/// </summary>
internal static class CheckTable
{
    /// <summary>Wide enough for the columns, narrow enough for a terminal or a mail.</summary>
    public const int Width = 120;

    public static void Write(CheckReport report, TextWriter stdout)
    {
        var console = Console(stdout);
        var notes = new ReasonNotes();
        var table = new Table()
            .Border(TableBorder.Rounded)
            .AddColumns("Tenant", "Kind", "Name", "Apple ID", "Expires", "Days", "Last sync", "Status");
        foreach (var tenant in report.Tenants)
        {
            var name = tenant.Paused ? $"{tenant.DisplayName} (paused)" : tenant.DisplayName;
            foreach (var token in tenant.Tokens)
            {
                var quiet = token.Health == HealthStatus.Ok && !token.Reasons.Contains("not-configured");
                var note = quiet ? null : notes.Add(token.Detail);
                table.AddRow(
                    Cell(name),
                    Cell(token.Kind),
                    Cell(token.Name ?? token.Id),
                    Cell(token.AppleId),
                    Cell(token.ExpiresAt is { } expires ? Words.Day(expires) : null),
                    Cell(token.DaysUntilExpiry?.ToString(CultureInfo.InvariantCulture)),
                    Cell(token.LastSyncAt is { } synced ? Words.Day(synced) : null),
                    Status(token.Health, note)
                );
            }

            AddFailures(table, tenant, name, notes);
        }

        console.Write(table);
        WriteLines(report, notes, stdout);
    }

    /// <summary>A row per endpoint that could not be read, its error and fix as a numbered note.</summary>
    private static void AddFailures(Table table, TenantReport tenant, string name, ReasonNotes notes)
    {
        foreach (var failure in tenant.Failures)
        {
            var ids =
                failure.RequestId is null && failure.ClientRequestId is null
                    ? ""
                    : $" (request-id {failure.RequestId ?? "none"}, "
                        + $"client-request-id {failure.ClientRequestId ?? "none"})";
            var note = notes.Add($"{failure.Code}: {failure.Message} Fix: {failure.Fix}{ids}");
            var empty = Cell("");
            table.AddRow(
                Cell(name),
                Cell(failure.Kind),
                Cell("(not read)"),
                empty,
                empty,
                empty,
                empty,
                Status(HealthStatus.Unknown, note)
            );
        }
    }

    private static void WriteLines(CheckReport report, ReasonNotes notes, TextWriter stdout)
    {
        // Reasons are sentences (a consent link, a Graph message): wrapped within the table's width.
        foreach (var line in notes.Lines(Width))
        {
            stdout.WriteLine(line);
        }

        foreach (var tenant in report.Tenants)
        {
            stdout.WriteLine(
                $"{Words.Inline(tenant.DisplayName)} ({Words.Inline(tenant.TenantId)}): "
                    + $"{tenant.Status.ToUpperInvariant()}, {tenant.Summary}"
            );
        }

        stdout.WriteLine(
            $"Overall: {report.Status.ToUpperInvariant()} (checked {report.CheckedAt:yyyy-MM-dd HH:mm} UTC)"
        );
    }

    private static IAnsiConsole Console(TextWriter stdout)
    {
        var terminal = stdout == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            }
        );
        console.Profile.Width = terminal ? Math.Min(console.Profile.Width, Width) : Width;
        return console;
    }

    /// <summary>
    /// Graph-sourced text as plain text, never interpreted as console markup, on one bounded line (see
    /// <see cref="Words.Clean"/>): a line break, escape sequence or bidi override in a name would break the table or
    /// make a row read as something it is not. The JSON output keeps the text exactly as Graph sent it.
    /// </summary>
    private static Text Cell(string? value) => new(Words.Clean(value, 28));

    private static Text Status(HealthStatus status, int? note) =>
        new(
            status.ToSlug().ToUpperInvariant() + (note is { } n ? $" [{n}]" : ""),
            status switch
            {
                HealthStatus.Critical => new Style(Color.Red),
                HealthStatus.Unknown => new Style(Color.Purple),
                HealthStatus.Warning => new Style(Color.Yellow),
                _ => new Style(Color.Green),
            }
        );
}
