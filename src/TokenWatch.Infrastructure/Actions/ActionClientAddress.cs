using System.Net;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// The client address the action page's rate limit keys on. A client can write any <c>X-Forwarded-For</c> it likes;
/// a proxy appends the address it saw to the end of the list (ASP.NET Core, "Configure ASP.NET Core to work with proxy
/// servers and load balancers": the first entry is the original client, each proxy follows). So the header is read
/// only behind App Service's front end (<see cref="BehindFrontEnd"/>), and then only its last entry, the one the front
/// end appended from the connection it accepted; everything before it is the client's own text and ignored. Anywhere
/// else (the command line's server, a local Functions host) the header is ignored and the connection's address used.
/// </summary>
public sealed class ActionClientAddress(bool behindFrontEnd)
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>
    /// Set, read-only, by App Service in every app it runs (Azure App Service, "Environment variables and app
    /// settings reference": <c>WEBSITE_SITE_NAME</c>, the app name).
    /// </summary>
    public const string AppServiceVariable = "WEBSITE_SITE_NAME";

    /// <summary>What every request without a usable address shares: one bucket, never an unlimited one.</summary>
    public const string Unknown = "unknown";

    public bool BehindFrontEnd => behindFrontEnd;

    /// <summary>For the process: behind the front end exactly when App Service runs it.</summary>
    public static ActionClientAddress FromEnvironment() =>
        new(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AppServiceVariable)));

    /// <summary>
    /// The address to count a request against, from the values of its <c>X-Forwarded-For</c> headers (in order) and
    /// the address of the connection the host accepted (null when the host does not tell).
    /// </summary>
    public string Of(IEnumerable<string>? forwardedFor, string? connectionAddress)
    {
        var source = behindFrontEnd ? forwardedFor?.SelectMany(v => v.Split(',')).LastOrDefault() : connectionAddress;
        return Normalize(source) ?? Unknown;
    }

    /// <summary>
    /// The address alone, any port dropped (<c>203.0.113.7:51234</c>), in one spelling per address, so another
    /// spelling of the same address is the same key; null for anything that is not an address.
    /// </summary>
    private static string? Normalize(string? entry)
    {
        var text = entry?.Trim() ?? "";
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            var address = endpoint.Address;
            return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        }

        return null;
    }
}
