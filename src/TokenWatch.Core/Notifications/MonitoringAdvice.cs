using TokenWatch.Core.Polling;

namespace TokenWatch.Core.Notifications;

/// <summary>What to do when TokenWatch cannot read a tenant: the fix for each failure cause.</summary>
public static class MonitoringAdvice
{
    /// <summary>The steps, with the tenant's Intune admin center and its cloud's app-registration portal.</summary>
    public static RemediationAdvice For(PollFailure? failure, ActionLink intune, ActionLink entra, string tenantId)
    {
        var steps = new List<string>();
        if (failure is not null)
        {
            steps.Add(FailureFixes.Sentence(failure, tenantId));
        }

        var (more, link) = ByCode(failure?.Code);
        steps.AddRange(more);
        // The table names the global Entra admin center; the tenant's cloud has its own.
        var links = link is null ? new List<ActionLink>() : [link == Portals.Entra ? entra : link];
        if (steps.Count == 0)
        {
            steps.Add(
                "Check TokenWatch's access to the tenant: its credential and the Graph permissions granted to it."
            );
        }

        steps.Add(
            "Until this is fixed TokenWatch cannot warn about these tokens: check them in the Intune admin "
                + "center meanwhile."
        );
        if (failure?.RequestId is not null || failure?.ClientRequestId is not null)
        {
            steps.Add("If you open a case with Microsoft support, give them the request ids below.");
        }

        links.Add(intune);
        return new(steps, links);
    }

    /// <summary>The steps and the portal particular to a failure code; none for a code without its own.</summary>
    private static (IReadOnlyList<string> Steps, ActionLink? Link) ByCode(string? code) =>
        code switch
        {
            FailureCodes.PermissionMissing => (
                [
                    "In the Microsoft Entra admin center: App registrations (or Enterprise applications, for a "
                        + "managed identity) → TokenWatch's app → API permissions → add the Microsoft Graph "
                        + "application permission, then Grant admin consent.",
                    "TokenWatch needs DeviceManagementServiceConfig.Read.All (ADE and VPP tokens) and "
                        + "DeviceManagementManagedDevices.Read.All (the APNs certificate), nothing else.",
                ],
                Portals.Entra
            ),
            FailureCodes.AuthFailed => (
                [
                    "Check the credential TokenWatch uses for this tenant: an expired client secret or "
                        + "certificate, a deleted app registration, or admin consent not granted (or revoked) in "
                        + "this tenant.",
                    "Replace an expired secret or certificate in the Key Vault that TokenWatch reads; the next "
                        + "poll uses it.",
                ],
                Portals.Entra
            ),
            FailureCodes.NotLicensed => (
                [
                    "The tenant needs an active Intune licence for Graph to report Apple tokens: check its "
                        + "subscriptions.",
                ],
                null
            ),
            FailureCodes.Throttled or FailureCodes.Unavailable or FailureCodes.Timeout => (
                [
                    "Usually temporary: TokenWatch tries again at every poll. If it lasts for hours, check "
                        + "Service health for Intune and Microsoft Graph.",
                ],
                null
            ),
            FailureCodes.Malformed => (
                [
                    "Graph answered with data TokenWatch could not read. If it persists, report it with the "
                        + "request id below.",
                ],
                null
            ),
            _ => ([], null),
        };
}
