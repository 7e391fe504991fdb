namespace TokenWatch.Infrastructure.Notifications;

/// <summary>Files in the outbox folder, shared by every channel's local delivery: safe names, whole writes.</summary>
public static class OutboxFiles
{
    /// <summary>Written under a temporary name and then renamed, so a reader never opens half an email.</summary>
    public static async Task WriteAtomicallyAsync(
        string path,
        Func<Stream, Task> write,
        CancellationToken cancellationToken
    )
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await write(stream);
            await stream.FlushAsync(cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static string SafeFileName(string value)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(
            value
                .Select(c =>
                    invalid.Contains(c) || char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '<' or '>' ? '_' : c
                )
                .ToArray()
        );
        return safe.Length <= 60 ? safe : safe[..60];
    }
}
