using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>ADE/DEP token (<c>depOnboardingSetting</c>, Graph beta only).</summary>
public sealed class DepOnboardingSetting : GraphItem
{
    public string? TokenName { get; private set; }
    public string? AppleIdentifier { get; private set; }
    public DateTimeOffset? TokenExpirationDateTime { get; private set; }
    public DateTimeOffset? LastSuccessfulSyncDateTime { get; private set; }
    public DateTimeOffset? LastSyncTriggeredDateTime { get; private set; }
    public int? LastSyncErrorCode { get; private set; }
    public string? TokenType { get; private set; }
    public int? SyncedDeviceCount { get; private set; }

    public static DepOnboardingSetting Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["tokenName"] = n => TokenName = ReadString(n, "tokenName");
        fields["appleIdentifier"] = n => AppleIdentifier = ReadString(n, "appleIdentifier");
        fields["tokenExpirationDateTime"] = n => TokenExpirationDateTime = ReadDate(n, "tokenExpirationDateTime");
        fields["lastSuccessfulSyncDateTime"] = n =>
            LastSuccessfulSyncDateTime = ReadDate(n, "lastSuccessfulSyncDateTime");
        fields["lastSyncTriggeredDateTime"] = n => LastSyncTriggeredDateTime = ReadDate(n, "lastSyncTriggeredDateTime");
        fields["lastSyncErrorCode"] = n => LastSyncErrorCode = ReadInt(n, "lastSyncErrorCode");
        fields["tokenType"] = n => TokenType = ReadString(n, "tokenType");
        fields["syncedDeviceCount"] = n => SyncedDeviceCount = ReadInt(n, "syncedDeviceCount");
    }
}
