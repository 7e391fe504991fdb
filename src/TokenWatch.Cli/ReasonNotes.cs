using TokenWatch.Core.Notifications;

namespace TokenWatch.Cli;

/// <summary>
/// Reasons said below a table rather than in it: sentences that name the fix are too wide for a column. Each is
/// numbered once; rows that share a reason share its number.
/// </summary>
internal sealed class ReasonNotes
{
    /// <summary>Reasons are sentences that name the fix; everything else is a short value.</summary>
    private const int ReasonWidth = 600;

    private readonly List<string> _notes = [];

    /// <summary>The number of <paramref name="reason"/> below the table; null for no reason.</summary>
    public int? Add(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        var text = Words.Clean(reason, ReasonWidth);
        var index = _notes.IndexOf(text);
        if (index < 0)
        {
            _notes.Add(text);
            index = _notes.Count - 1;
        }

        return index + 1;
    }

    /// <summary>Each reason as "[n] …", wrapped at word breaks within <paramref name="width"/> columns.</summary>
    public async Task WriteAsync(TextWriter writer, int width)
    {
        foreach (var line in Lines(width))
        {
            await writer.WriteLineAsync(line);
        }
    }

    /// <summary>
    /// Each reason as "[n] …" and indented continuation lines, none wider than <paramref name="width"/>: wrapped at
    /// word breaks, and a word longer than a line (a URL) cut into pieces that fit.
    /// </summary>
    public IEnumerable<string> Lines(int width)
    {
        const string indent = "    ";
        for (var i = 0; i < _notes.Count; i++)
        {
            var line = $"[{i + 1}]";
            foreach (var word in Pieces(_notes[i], width - indent.Length - 1))
            {
                if (line.Length + 1 + word.Length > width)
                {
                    yield return line;
                    line = indent;
                }

                line += (line.EndsWith(' ') ? "" : " ") + word;
            }

            yield return line;
        }
    }

    private static IEnumerable<string> Pieces(string note, int longest) =>
        note.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(word => word.Chunk(longest))
            .Select(chars => new string(chars));
}
