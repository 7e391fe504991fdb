using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>
/// Base of TokenWatch's own Graph models. Every field is read defensively: a value of the wrong type or an
/// invalid date becomes a recorded problem on that token (and an <c>unknown</c> status), never an exception that
/// loses the whole tenant. Enum-like fields stay raw strings, so a value Microsoft adds later is shown, not nulled.
/// Secret fields (<c>token</c>, <c>certificate</c>) are not read at all.
/// </summary>
public abstract class GraphItem : IParsable
{
    private readonly List<string> _problems = [];

    public string? Id { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    public IDictionary<string, Action<IParseNode>> GetFieldDeserializers()
    {
        var fields = new Dictionary<string, Action<IParseNode>>(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = n => Id = ReadString(n, "id"),
        };
        AddFields(fields);
        return fields;
    }

    public void Serialize(ISerializationWriter writer) =>
        throw new NotSupportedException("TokenWatch only reads from Graph.");

    protected abstract void AddFields(Dictionary<string, Action<IParseNode>> fields);

    protected string? ReadString(IParseNode node, string field) => Guard(field, node.GetStringValue);

    protected int? ReadInt(IParseNode node, string field) => Guard(field, node.GetIntValue);

    protected DateTimeOffset? ReadDate(IParseNode node, string field)
    {
        var text = ReadString(node, field);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        _problems.Add($"{field} is not a date: '{Shorten(text)}'");
        return null;
    }

    private T? Guard<T>(string field, Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            _problems.Add($"{field} has a value of the wrong type");
            return default;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>ADE/DEP token (<c>depOnboardingSetting</c>, Graph beta only).</summary>
public sealed class DepOnboardingSetting : GraphItem
{
    public string? TokenName { get; private set; }
    public string? AppleIdentifier { get; private set; }
    public DateTimeOffset? TokenExpirationDateTime { get; private set; }
    public DateTimeOffset? LastSuccessfulSyncDateTime { get; private set; }
    public int? LastSyncErrorCode { get; private set; }
    public string? TokenType { get; private set; }

    public static DepOnboardingSetting Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["tokenName"] = n => TokenName = ReadString(n, "tokenName");
        fields["appleIdentifier"] = n => AppleIdentifier = ReadString(n, "appleIdentifier");
        fields["tokenExpirationDateTime"] = n => TokenExpirationDateTime = ReadDate(n, "tokenExpirationDateTime");
        fields["lastSuccessfulSyncDateTime"] = n => LastSuccessfulSyncDateTime = ReadDate(n, "lastSuccessfulSyncDateTime");
        fields["lastSyncErrorCode"] = n => LastSyncErrorCode = ReadInt(n, "lastSyncErrorCode");
        fields["tokenType"] = n => TokenType = ReadString(n, "tokenType");
    }
}

/// <summary>VPP location token (<c>vppToken</c>); <c>token</c> itself is deliberately not read.</summary>
public sealed class VppTokenItem : GraphItem
{
    public string? OrganizationName { get; private set; }
    public string? DisplayName { get; private set; }
    public string? AppleId { get; private set; }
    public string? AccountType { get; private set; }
    public DateTimeOffset? ExpirationDateTime { get; private set; }
    public DateTimeOffset? LastSyncDateTime { get; private set; }
    public string? State { get; private set; }
    public string? LastSyncStatus { get; private set; }

    public static VppTokenItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["organizationName"] = n => OrganizationName = ReadString(n, "organizationName");
        fields["displayName"] = n => DisplayName = ReadString(n, "displayName");
        fields["appleId"] = n => AppleId = ReadString(n, "appleId");
        fields["vppTokenAccountType"] = n => AccountType = ReadString(n, "vppTokenAccountType");
        fields["expirationDateTime"] = n => ExpirationDateTime = ReadDate(n, "expirationDateTime");
        fields["lastSyncDateTime"] = n => LastSyncDateTime = ReadDate(n, "lastSyncDateTime");
        fields["state"] = n => State = ReadString(n, "state");
        fields["lastSyncStatus"] = n => LastSyncStatus = ReadString(n, "lastSyncStatus");
    }
}

/// <summary>The APNs certificate singleton; <c>certificate</c> itself is deliberately not read.</summary>
public sealed class ApnsCertificateItem : GraphItem
{
    public string? AppleIdentifier { get; private set; }
    public string? TopicIdentifier { get; private set; }
    public DateTimeOffset? ExpirationDateTime { get; private set; }
    public string? CertificateUploadStatus { get; private set; }
    public string? CertificateUploadFailureReason { get; private set; }

    public static ApnsCertificateItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["appleIdentifier"] = n => AppleIdentifier = ReadString(n, "appleIdentifier");
        fields["topicIdentifier"] = n => TopicIdentifier = ReadString(n, "topicIdentifier");
        fields["expirationDateTime"] = n => ExpirationDateTime = ReadDate(n, "expirationDateTime");
        fields["certificateUploadStatus"] = n => CertificateUploadStatus = ReadString(n, "certificateUploadStatus");
        fields["certificateUploadFailureReason"] = n => CertificateUploadFailureReason = ReadString(n, "certificateUploadFailureReason");
    }
}

/// <summary>
/// One page of a Graph collection: <c>value</c> and <c>@odata.nextLink</c>. The adapter's collection call wants a
/// top-level array, so collections are read through this wrapper.
/// </summary>
public sealed class GraphPage<T> : IParsable where T : GraphItem
{
    private readonly ParsableFactory<T> _itemFactory;

    public GraphPage(ParsableFactory<T> itemFactory) => _itemFactory = itemFactory;

    public List<T> Value { get; private set; } = [];

    public string? NextLink { get; private set; }

    public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() =>
        new Dictionary<string, Action<IParseNode>>(StringComparer.OrdinalIgnoreCase)
        {
            ["value"] = n => Value = n.GetCollectionOfObjectValues(_itemFactory)?.ToList() ?? [],
            ["@odata.nextLink"] = n => NextLink = n.GetStringValue(),
        };

    public void Serialize(ISerializationWriter writer) =>
        throw new NotSupportedException("TokenWatch only reads from Graph.");
}
