using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Notifications;

/// <summary>
/// The words of what to do about a Graph read that failed, keyed by <see cref="FailureFix"/>: written here, not
/// where the failure is classified, so every channel and the CLI say the same.
/// </summary>
public static class FailureFixes
{
    public const string ServiceConfigPermission = "DeviceManagementServiceConfig.Read.All";
    public const string ManagedDevicesPermission = "DeviceManagementManagedDevices.Read.All";

    private const string Retries = "The next poll retries.";

    /// <summary>The application permission a read of <paramref name="kind"/> needs.</summary>
    public static string PermissionFor(TokenKind kind) =>
        kind switch
        {
            TokenKind.Apns => ManagedDevicesPermission,
            TokenKind.Ade or TokenKind.Vpp => ServiceConfigPermission,
        };

    /// <summary>What to do about <paramref name="failure"/> in tenant <paramref name="tenantId"/>.</summary>
    public static string Sentence(PollFailure failure, string tenantId) =>
        Sentence(Of(failure), failure.Kind, tenantId);

    /// <summary>The fix stored with <paramref name="failure"/>, or for an old row, its code's usual fix.</summary>
    public static FailureFix Of(PollFailure failure) =>
        failure.Fix
        ?? failure.Code switch
        {
            FailureCodes.AuthFailed => FailureFix.SignIn,
            FailureCodes.PermissionMissing => FailureFix.GrantPermission,
            FailureCodes.NotLicensed => FailureFix.AssignIntuneLicence,
            FailureCodes.Throttled => FailureFix.Throttled,
            FailureCodes.Unavailable => FailureFix.ServiceFailed,
            FailureCodes.Timeout => FailureFix.GraphTimeout,
            FailureCodes.TooLarge => FailureFix.AnswerTooLarge,
            FailureCodes.OutOfMemory => FailureFix.OutOfMemory,
            _ => FailureFix.ReadFailed,
        };

    /// <summary>The sentence of <paramref name="fix"/> for a read of <paramref name="kind"/> in a tenant.</summary>
    public static string Sentence(FailureFix fix, TokenKind kind, string tenantId) =>
        fix switch
        {
            FailureFix.CredentialSetup =>
                $"Check the credential configured for tenant {tenantId} (client id, secret or certificate path).",
            FailureFix.SignIn => $"Check TokenWatch's credential for tenant {tenantId}: an expired client secret or "
                + "certificate, missing admin consent, or a managed identity not assigned to the app.",
            FailureFix.EntraUnreachable => $"{Retries} Check the network path (DNS, proxy, firewall) to "
                + "login.microsoftonline.com and to Graph.",
            FailureFix.GrantPermission => $"Grant the application permission {PermissionFor(kind)} to TokenWatch's "
                + $"identity in tenant {tenantId} and give admin consent.",
            FailureFix.AssignIntuneLicence => "Assign an Intune licence in the tenant and set Intune as its MDM "
                + "authority (Apple connectors need Intune), or remove the tenant from TokenWatch.",
            FailureFix.Throttled => $"{Retries} If it persists, other tools are using the tenant's Graph limits: "
                + "poll less often or reduce their load.",
            FailureFix.ServiceFailed => $"{Retries} If it persists, check Microsoft 365 service health and give "
                + "Microsoft support the request-id.",
            FailureFix.OtherStatus => $"{Retries} If it persists, give Microsoft support the request-id.",
            FailureFix.AnswerTooLarge => $"{Retries} A page of Apple tokens is far smaller: check "
                + "TokenWatch:Graph:BaseUrl and any proxy in front of Graph, or raise "
                + "TokenWatch:Graph:MaxResponseMegabytes.",
            FailureFix.AnswerEncoding => $"{Retries} A proxy in front of Graph may be rewriting answers; if it "
                + "persists, report it with the request-id.",
            FailureFix.AnswerUnreadable => $"{Retries} If it persists, report it to Microsoft support with the "
                + "request-id.",
            FailureFix.OutOfMemory => "Lower TokenWatch:Cycle:MaxParallelism or TokenWatch:Graph:MaxResponseMegabytes, "
                + "or give the app more memory.",
            FailureFix.GraphTimeout => $"{Retries} If it persists, check Microsoft 365 service health and give "
                + "Microsoft support the client-request-id.",
            FailureFix.GraphUnreachable => $"{Retries} Check the network path to Graph if it persists.",
            FailureFix.ReadFailed => $"{Retries} If it persists, report it with the log entry.",
            FailureFix.ScanTimeout => "Graph was slow or the token has very many devices; the next scan retries. If "
                + "it persists, raise TokenWatch:Enrollment:TenantTimeoutSeconds.",
            FailureFix.TenantTimeout => "Graph was slow; the next poll retries. If it persists, check Graph service "
                + "health, or raise TokenWatch:Cycle:TenantTimeoutSeconds.",
        };
}
