namespace TokenWatch.Integration.Tests.Channels;

/// <summary>The settings that route a test app's tenants to fake Teams and webhook endpoints.</summary>
internal static class ChannelSettings
{
    /// <summary>A made-up signing secret for tests: whsec_ and base64 of 32 bytes.</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw9r3HkL9mVJ0=";

    public static void Teams(Dictionary<string, string?> settings, string url, string level = "all")
    {
        settings["TokenWatch:Routing:Teams"] = level;
        settings["TokenWatch:Teams:WebhookUrl"] = url;
    }

    public static void Webhook(Dictionary<string, string?> settings, string url, string level = "all")
    {
        settings["TokenWatch:Routing:Webhook"] = level;
        settings["TokenWatch:Webhook:Url"] = url;
        settings["TokenWatch:Webhook:Secret"] = Secret;
    }
}
