using System.Globalization;

namespace TokenWatch.Simulator;

/// <summary>
/// Where the next page starts, sent as an opaque <c>$skiptoken</c> (base64 with characters that need escaping),
/// as Graph's are: a client that rebuilds the URL instead of following the whole nextLink breaks here.
/// </summary>
internal sealed record PageCursor(int Skip, bool Empty)
{
    public static bool TryParse(string token, out PageCursor cursor)
    {
        cursor = new PageCursor(0, false);
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).TrimEnd().Split(':');
            if (
                parts.Length == 3
                && parts[0] == "page"
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
            )
            {
                cursor = new PageCursor(skip, parts[2] == "empty");
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64: not one of ours.
        }

        return false;
    }

    public override string ToString()
    {
        // Padded to a length that leaves "==" at the end of the base64, so the token always needs escaping.
        var text = $"page:{Skip.ToString(CultureInfo.InvariantCulture)}:{(Empty ? "empty" : "items")}";
        text = text.PadRight(text.Length + ((4 - (text.Length % 3)) % 3));
        return Uri.EscapeDataString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
