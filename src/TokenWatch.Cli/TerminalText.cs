using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// Outside text (Graph names and errors, catalog fields) as the console shows it, through the one sanitiser
/// (<see cref="Words.Clean"/>): an escape sequence, OSC-8 link, C1 control, line break or bidi control in a forged
/// row would otherwise clear the screen, fake a line or reorder what follows.
/// </summary>
internal static class TerminalText
{
    /// <summary>Longest cell: a status detail carries several sentences.</summary>
    private const int MaxLength = 600;

    public static string Of(string? value) => Words.Clean(value, MaxLength);
}
