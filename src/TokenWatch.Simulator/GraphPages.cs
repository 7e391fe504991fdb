using System.Text.Json;

namespace TokenWatch.Simulator;

/// <summary>
/// Graph's collection pages, as the simulated endpoints serve them: opaque skip tokens, empty pages between.
/// </summary>
internal static class GraphPages
{
    public static string Page(
        string pageUrl,
        PageCursor cursor,
        SimulatedTenant tenant,
        List<Dictionary<string, object?>> items
    )
    {
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/$metadata#collection",
        };
        if (cursor.Empty)
        {
            page["value"] = Array.Empty<object>();
            page["@odata.nextLink"] = $"{pageUrl}?$skiptoken={new PageCursor(cursor.Skip, Empty: false)}";
            return JsonSerializer.Serialize(page);
        }

        var pageSize = Math.Max(1, tenant.PageSize);
        page["value"] = items.Skip(cursor.Skip).Take(pageSize).ToList();
        if (cursor.Skip + pageSize < items.Count)
        {
            page["@odata.nextLink"] =
                $"{pageUrl}?$skiptoken={new PageCursor(cursor.Skip + pageSize, tenant.EmptyPagesBetween)}";
        }

        return JsonSerializer.Serialize(page);
    }

    public static Dictionary<string, object?> CustomerJson(SimulatedCustomer c) =>
        new()
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminCustomer",
            ["id"] = c.TenantId,
            ["tenantId"] = c.TenantId,
            ["displayName"] = c.DisplayName,
        };
}
