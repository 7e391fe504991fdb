using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// Builds Table Storage keys from Graph-sourced ids. Table keys may not hold <c>/ \ # ?</c> or control
/// characters, and TokenWatch uses <c>|</c> between key parts, so those (and <c>%</c>) are percent-escaped:
/// no id can end a key part early or reach another partition's rows. A key may hold at most 1 KiB, so a very
/// long id is cut and finished with a hash of the whole id: still unique, still within the limit.
/// </summary>
public static class TableKeys
{
    public const char Separator = '|';

    /// <summary>Longest escaped key part; a row key joins a few of them and must stay well under 1 KiB.</summary>
    public const int MaxPartLength = 200;

    public static string Escape(string value)
    {
        var escaped = EscapeCharacters(value);
        if (escaped.Length <= MaxPartLength)
        {
            return escaped;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
        var head = escaped[..(MaxPartLength - hash.Length - 1)];
        // Never cut inside a %XX escape, so the head stays a valid escaped prefix.
        var cut = head.LastIndexOf('%');
        if (cut >= head.Length - 2)
        {
            head = head[..cut];
        }

        return $"{head}~{hash}";
    }

    private static string EscapeCharacters(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or Separator || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A tenant's partition: its id trimmed and in lower case, the one form every row of a tenant is stored under,
    /// whatever case the id is written in (tenant ids and domains are case-insensitive); the catalog's row key too.
    /// </summary>
    public static string Tenant(string tenantId) => Escape(Catalog.CatalogTenant.Key(tenantId));

    public static string Join(params string[] parts) => string.Join(Separator, parts.Select(Escape));

    /// <summary>Newest first: row keys sort ascending, so a reversed tick count puts the latest row on top.</summary>
    public static string InvertedTicks(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The time at the start of <paramref name="keyPart"/> (up to a separator), as <see cref="InvertedTicks"/> wrote
    /// it.
    /// </summary>
    public static DateTimeOffset? FromInvertedTicks(ReadOnlySpan<char> keyPart)
    {
        var end = keyPart.IndexOf(Separator);
        return
            long.TryParse(
                end < 0 ? keyPart : keyPart[..end],
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out var inverted
            )
            && inverted >= 0
            && inverted <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(DateTimeOffset.MaxValue.UtcTicks - inverted, TimeSpan.Zero)
            : null;
    }

    /// <summary>An OData filter for every row key that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string partitionKey, string prefix) =>
        $"PartitionKey eq '{Quote(partitionKey)}' and RowKey ge '{Quote(prefix)}' and RowKey lt "
        + $"'{Quote(prefix)}{char.MaxValue}'";

    public static string PartitionFilter(string partitionKey) => $"PartitionKey eq '{Quote(partitionKey)}'";

    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
