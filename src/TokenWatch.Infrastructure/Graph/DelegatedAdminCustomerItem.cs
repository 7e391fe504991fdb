using Microsoft.Kiota.Abstractions.Serialization;

namespace TokenWatch.Infrastructure.Graph;

/// <summary>A GDAP customer of the partner tenant (<c>delegatedAdminCustomer</c>, v1.0).</summary>
public sealed class DelegatedAdminCustomerItem : GraphItem
{
    public string? TenantId { get; private set; }
    public string? DisplayName { get; private set; }

    public static DelegatedAdminCustomerItem Create(IParseNode node) => new();

    protected override void AddFields(Dictionary<string, Action<IParseNode>> fields)
    {
        fields["tenantId"] = n => TenantId = ReadString(n, "tenantId");
        fields["displayName"] = n => DisplayName = ReadString(n, "displayName");
    }
}
