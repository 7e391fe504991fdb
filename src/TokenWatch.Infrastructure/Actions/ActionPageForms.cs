using System.Text;
using System.Web;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body read within a size bound: a longer body is not read on (the page
/// then finds no form token and refuses), so a client cannot make the page hold megabytes.
/// </summary>
public static class ActionPageForms
{
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        Stream body,
        int maxBytes,
        CancellationToken cancellationToken
    )
    {
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }

        if (read > maxBytes)
        {
            return new Dictionary<string, string>();
        }

        var fields = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(buffer, 0, read));
        return fields.AllKeys.OfType<string>().ToDictionary(k => k, k => fields[k] ?? "", StringComparer.Ordinal);
    }
}
