namespace TokenWatch.Core.Actions;

/// <summary>
/// The keys that sign and check action links: the current one signs, the previous one (after a rotation) still
/// checks the links it signed until they expire.
/// </summary>
public sealed class ActionKeys
{
    /// <summary>Shortest key accepted: HMAC-SHA256's own output size (RFC 2104 section 3 advises no less).</summary>
    public const int MinimumBytes = 32;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public ActionKeys(string currentId, byte[] current, string? previousId = null, byte[]? previous = null)
    {
        CurrentId = currentId;
        _keys[currentId] = current;
        if (previousId is not null && previous is not null && previousId != currentId)
        {
            _keys[previousId] = previous;
        }
    }

    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    /// <summary>The keys of <paramref name="settings"/>; null when action links are off or a key is unusable.</summary>
    public static ActionKeys? From(ActionSettings settings)
    {
        if (!settings.Enabled || Decode(settings.SigningKey) is not { } current)
        {
            return null;
        }

        return new ActionKeys(
            settings.SigningKeyId,
            current,
            settings.PreviousSigningKeyId,
            Decode(settings.PreviousSigningKey)
        );
    }

    /// <summary>A base64 key of at least <see cref="MinimumBytes"/> bytes, else null.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= MinimumBytes
            ? buffer[..written]
            : null;
    }

    public bool TryGet(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);
}
