using TokenWatch.Core.Polling;

namespace TokenWatch.Core.Notifications;

/// <summary>What to do when TokenWatch cannot read a tenant: the fix for each failure cause.</summary>
public static class MonitoringAdvice
{
    public static RemediationAdvice For(PollFailure? failure, ActionLink intune)
    {
        var steps = new List<string>();
        if (!string.IsNullOrWhiteSpace(failure?.Fix))
        {
            steps.Add(failure.Fix);
        }

        var links = new List<ActionLink>();
        switch (failure?.Code)
        {
            case FailureCodes.PermissionMissing:
                steps.Add(
                    "In the Microsoft Entra admin center: App registrations (or Enterprise applications, for a "
                        + "managed identity) → TokenWatch's app → API permissions → add the Microsoft Graph "
                        + "application permission, then Grant admin consent."
                );
                steps.Add(
                    "TokenWatch needs DeviceManagementServiceConfig.Read.All (ADE and VPP tokens) and "
                        + "DeviceManagementManagedDevices.Read.All (the APNs certificate), nothing else."
                );
                links.Add(Portals.Entra);
                break;
            case FailureCodes.AuthFailed:
                steps.Add(
                    "Check the credential TokenWatch uses for this tenant: an expired client secret or "
                        + "certificate, a deleted app registration, or admin consent not granted (or revoked) in "
                        + "this tenant."
                );
                steps.Add(
                    "Replace an expired secret or certificate in the Key Vault that TokenWatch reads; the next "
                        + "poll uses it."
                );
                links.Add(Portals.Entra);
                break;
            case FailureCodes.NotLicensed:
                steps.Add(
                    "The tenant needs an active Intune licence for Graph to report Apple tokens: check its "
                        + "subscriptions."
                );
                break;
            case FailureCodes.Throttled or FailureCodes.Unavailable or FailureCodes.Timeout:
                steps.Add(
                    "Usually temporary: TokenWatch tries again at every poll. If it lasts for hours, check "
                        + "Service health for Intune and Microsoft Graph."
                );
                break;
            case FailureCodes.Malformed:
                steps.Add(
                    "Graph answered with data TokenWatch could not read. If it persists, report it with the "
                        + "request id below."
                );
                break;
        }

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
}
