namespace TokenWatch.Functions;

/// <summary>Reads Application Insights' <c>ClientId=…;Authorization=AAD</c> authentication string.</summary>
public static class AppInsightsAuthentication
{
    /// <summary>The user-assigned identity's client id when Entra authentication is asked for, else null.</summary>
    public static string? ManagedIdentityClientId(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return
            parts.TryGetValue("Authorization", out var mode)
            && string.Equals(mode, "AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var clientId)
            && !string.IsNullOrWhiteSpace(clientId)
            ? clientId
            : null;
    }
}
