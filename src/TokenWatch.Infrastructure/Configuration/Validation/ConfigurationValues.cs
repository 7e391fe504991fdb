using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The value checks and the message form every configuration validator shares.</summary>
public static class ConfigurationValues
{
    /// <summary>
    /// True for 127.0.0.0/8, ::1 and <c>localhost</c>: the only hosts a credential-free Graph may live on.
    /// </summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>An address mail can reach: a dotted domain, so a typo such as <c>it@cust12</c> is refused.</summary>
    public static bool IsEmail(string value) =>
        !string.IsNullOrWhiteSpace(value)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.')
        && !value.Any(char.IsControl);

    /// <summary>Success, or every problem as one message on one line.</summary>
    public static ValidateOptionsResult Result(IEnumerable<string> problems)
    {
        var lines = problems.Select(OneLine).ToList();
        return lines.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(lines);
    }

    /// <summary>
    /// A message quotes the value it refuses, and a value can hold a line break (a pasted recipient, an id): shown as
    /// <c>\n</c>, it cannot split the message or forge a second line in the startup log.
    /// </summary>
    private static string OneLine(string problem) =>
        string.Concat(
            problem.Select(c =>
                c switch
                {
                    '\r' => "\\r",
                    '\n' => "\\n",
                    _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                    _ => c.ToString(),
                }
            )
        );
}
