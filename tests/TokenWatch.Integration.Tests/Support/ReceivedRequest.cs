using System.Text;
using System.Text.Json;

namespace TokenWatch.Integration.Tests.Support;

/// <summary>One request as the endpoint received it.</summary>
public sealed record ReceivedRequest(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
