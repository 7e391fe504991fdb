using System.Text.Json;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>One mail send request as SendGrid would have received it.</summary>
public sealed record ReceivedMail(int Status, string Authorization, JsonElement Body)
{
    /// <summary>The request body exactly as it arrived.</summary>
    public string Raw { get; init; } = "";

    public string Subject => Body.GetProperty("subject").GetString()!;

    public string Html =>
        Body.GetProperty("content")
            .EnumerateArray()
            .Single(c => c.GetProperty("type").GetString() == "text/html")
            .GetProperty("value")
            .GetString()!;

    public string Text =>
        Body.GetProperty("content")
            .EnumerateArray()
            .Single(c => c.GetProperty("type").GetString() == "text/plain")
            .GetProperty("value")
            .GetString()!;

    public IReadOnlyList<string> Recipients =>
        Body.GetProperty("personalizations")
            .EnumerateArray()
            .SelectMany(p => p.GetProperty("to").EnumerateArray())
            .Select(t => t.GetProperty("email").GetString()!)
            .ToList();

    public IReadOnlyList<string> Categories =>
        Body.TryGetProperty("categories", out var c) ? c.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    /// <summary>Message-level custom args: SendGrid applies them to every personalization.</summary>
    public IReadOnlyDictionary<string, string> CustomArgs =>
        Body.TryGetProperty("custom_args", out var a)
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Headers =>
        Body.TryGetProperty("headers", out var h)
            ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();

    public bool SandboxMode =>
        Body.TryGetProperty("mail_settings", out var m)
        && m.TryGetProperty("sandbox_mode", out var s)
        && s.GetProperty("enable").GetBoolean();
}
