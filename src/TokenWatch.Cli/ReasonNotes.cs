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

    public IReadOnlyList<string> All => _notes;

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
        for (var i = 0; i < _notes.Count; i++)
        {
            var line = $"[{i + 1}]";
            foreach (var word in _notes[i].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length + 1 + word.Length > width && line.Trim().Length > 0)
                {
                    await writer.WriteLineAsync(line);
                    line = "    ";
                }

                line += (line.EndsWith(' ') ? "" : " ") + word;
            }

            await writer.WriteLineAsync(line);
        }
    }
}
