using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Infrastructure.Actions;

/// <summary>
/// The page a signed action link opens, for the <c>ActOnAlert</c> function and the command line's local server alike.
/// GET shows the alert, its state now and the choices and changes nothing, because mail scanners (Safe Links and
/// others) open every link; POST acts, only with the form token bound to the link. Every refusal is a page that
/// names no tenant or token, and a log event.
/// </summary>
public sealed partial class ActionPage(
    ActionLinks links,
    ITenantCatalog catalog,
    IAlertLedgerStore ledgers,
    IAlertAudit audit,
    AlertActions actions,
    ActionRateLimit limit,
    TimeProvider clock,
    ILogger<ActionPage> logger,
    Incidents.IncidentPage? incidents = null
)
{
    /// <summary>A digest id's time is whole seconds; an alert opened in that second is the digest's own.</summary>
    private static readonly TimeSpan DigestIdPrecision = TimeSpan.FromSeconds(1);

    public async Task<ActionPageResponse> HandleAsync(ActionPageRequest request, CancellationToken cancellationToken)
    {
        var token = request.IsPost ? request.Form.GetValueOrDefault("t") : request.Token;
        if (!limit.TryTake("client|" + request.ClientAddress) || !limit.TryTake("link|" + LinkId(token ?? "")))
        {
            return Refuse(ActionRefusal.RateLimited, null);
        }

        var (claim, refusal) = links.Tokens is { } tokens ? tokens.Read(token, clock.GetUtcNow()) : (null, null);
        if (claim is null || links.Tokens is null || claim.Kind == AlertActionKind.AcknowledgeIncident)
        {
            return await IncidentOrRefusalAsync(request, claim, refusal, token, cancellationToken);
        }

        var tenant = (await catalog.LoadAsync(cancellationToken)).FirstOrDefault(t => SameTenant(t, claim.TenantId));
        if (tenant is null)
        {
            return Refuse(ActionRefusal.UnknownTenant, claim);
        }

        var found = await FindAsync(tenant, claim, LinkId(token!), cancellationToken);
        if (found.Refusal is { } stale)
        {
            return Refuse(stale, claim);
        }

        var view = ActionPageViews.Of(claim, tenant, found.Token!, found.Silenced, token!, links.Tokens, clock);
        if (!request.IsPost)
        {
            return new ActionPageResponse(200, ActionPageHtml.Form(view));
        }

        return links.Tokens.IsFormToken(token!, request.Form.GetValueOrDefault("form_token"))
            ? await ActAsync(request, claim, tenant, view, cancellationToken)
            : Refuse(ActionRefusal.MissingFormToken, claim);
    }

    /// <summary>An incident's "acknowledge all" link goes to its own page; anything else unreadable is
    /// refused.</summary>
    private async Task<ActionPageResponse> IncidentOrRefusalAsync(
        ActionPageRequest request,
        ActionClaim? claim,
        ActionRefusal? refusal,
        string? token,
        CancellationToken cancellationToken
    ) =>
        claim is { Kind: AlertActionKind.AcknowledgeIncident } && links.Tokens is not null && incidents is not null
            ? await incidents.HandleAsync(request, claim, token!, cancellationToken)
            : Refuse(refusal ?? ActionRefusal.BadSignature, null);

    /// <summary>A hash of a link's token: the audit's record that it acted, without keeping the token.</summary>
    public static string LinkId(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32];

    /// <summary>
    /// The alert the link is about, as the ledger holds it now; refused when the link acted already, or when the
    /// token or its condition changed since the digest (the condition is over, or opened again after it).
    /// </summary>
    private async Task<(TokenLedger? Token, Snooze? Silenced, ActionRefusal? Refusal)> FindAsync(
        MonitoredTenant tenant,
        ActionClaim claim,
        string linkId,
        CancellationToken cancellationToken
    )
    {
        if (await audit.WasUsedAsync(tenant.TenantId, linkId, cancellationToken))
        {
            return (null, null, ActionRefusal.Replayed);
        }

        var ledger = (await ledgers.LoadAsync(tenant.TenantId, cancellationToken)).Ledger;
        var current =
            ledger.Tokens.TryGetValue(claim.TokenKey, out var token)
            && token.Alerts.TryGetValue(claim.Condition, out var open)
            && open.OpenedAt < DigestTime(claim.DigestId) + DigestIdPrecision;
        return current
            ? (token, ledger.Snoozes.GetValueOrDefault(claim.TokenKey), null)
            : (null, null, ActionRefusal.Superseded);
    }

    private async Task<ActionPageResponse> ActAsync(
        ActionPageRequest request,
        ActionClaim claim,
        MonitoredTenant tenant,
        ActionPageView view,
        CancellationToken cancellationToken
    )
    {
        var (until, problem) = ActionForm.Read(request.Form, claim.Kind, clock.GetUtcNow());
        if (problem is not null)
        {
            LogActionRefused(ActionRefusal.BadForm, claim.TenantId, claim.DigestId);
            return new ActionPageResponse(400, ActionPageHtml.Form(view, problem));
        }

        var by =
            links.Settings.PlatformSignIn && !string.IsNullOrWhiteSpace(request.PrincipalName)
                ? $"{request.PrincipalName.Trim()} (signed in)"
                : $"the holder of the link from digest {claim.DigestId}";
        var action = new ActionRequest(tenant.TenantId, claim.TokenKey, request.Form["reason"], by, claim.DigestId)
        {
            LinkId = LinkId(request.Form["t"]),
            LinkExpiresAt = claim.ExpiresAt,
        };
        var done =
            claim.Kind == AlertActionKind.Snooze
                ? await actions.SnoozeAsync(action, until!.Value, cancellationToken)
                : await actions.AcknowledgeAsync(action, claim.Condition, cancellationToken);
        if (!done)
        {
            return Refuse(ActionRefusal.Replayed, claim);
        }

        LogActionTaken(claim.Kind, tenant.TenantId, claim.TokenKey, claim.Condition, claim.DigestId);
        return new ActionPageResponse(200, ActionPageViews.Done(claim.Kind, view, until));
    }

    private ActionPageResponse Refuse(ActionRefusal refusal, ActionClaim? claim)
    {
        // Only a verified claim's tenant and digest are logged: a forged link's contents are nobody's.
        LogActionRefused(refusal, claim?.TenantId ?? "", claim?.DigestId ?? "");
        var status = refusal switch
        {
            ActionRefusal.RateLimited => 429,
            ActionRefusal.Expired or ActionRefusal.Superseded => 410,
            ActionRefusal.UnknownTenant => 404,
            ActionRefusal.Replayed => 409,
            ActionRefusal.BadForm => 400,
            ActionRefusal.BadSignature or ActionRefusal.MissingFormToken => 403,
        };
        return new ActionPageResponse(status, ActionPageHtml.Refused(refusal));
    }

    private static bool SameTenant(MonitoredTenant tenant, string tenantId) =>
        string.Equals(tenant.TenantId.Trim(), tenantId.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The time a digest id starts with (<c>yyyyMMddHHmmss-…</c>); the earliest time if none.</summary>
    private static DateTimeOffset DigestTime(string digestId) =>
        DateTimeOffset.TryParseExact(
            digestId.Split('-')[0],
            "yyyyMMddHHmmss",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var at
        )
            ? at
            : DateTimeOffset.MinValue;

    [LoggerMessage(
        EventId = 8001,
        EventName = "AlertActionTaken",
        Level = LogLevel.Information,
        Message = "{Action} of {TokenKey} ({Condition}) in tenant {TenantId} from the link of digest {DigestId}"
    )]
    private partial void LogActionTaken(
        AlertActionKind action,
        string tenantId,
        string tokenKey,
        string condition,
        string digestId
    );

    [LoggerMessage(
        EventId = 8002,
        EventName = "AlertActionRefused",
        Level = LogLevel.Warning,
        Message = "An action link was refused ({Refusal}); tenant {TenantId}, digest {DigestId} (empty unless signed)"
    )]
    private partial void LogActionRefused(ActionRefusal refusal, string tenantId, string digestId);
}
