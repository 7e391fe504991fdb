using TokenWatch.Core.Actions;
using TokenWatch.Core.Incidents;
using TokenWatch.Infrastructure.Actions;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// The action page for an incident's "acknowledge all" link, reached from <see cref="ActionPage"/> once the link's
/// signature and expiry are checked. GET shows the incident and changes nothing (mail scanners open every link);
/// POST, with the form token bound to the link and a reason, acknowledges the condition in every tenant still
/// affected, one audit entry per tenant. A closed incident's link is out of date, a used one refused.
/// </summary>
public sealed class IncidentPage(
    IIncidentStore incidents,
    IncidentAcknowledgement acknowledgement,
    ActionLinks links,
    TimeProvider clock,
    IncidentTrace trace
)
{
    public async Task<ActionPageResponse> HandleAsync(
        ActionPageRequest request,
        ActionClaim claim,
        string token,
        CancellationToken cancellationToken
    )
    {
        var incidentId = claim.IncidentId ?? "";
        var linkId = ActionPage.LinkId(token);
        var incident = await incidents.GetAsync(incidentId, cancellationToken);
        if (incident is null || !incident.Open)
        {
            return Refuse(ActionRefusal.Superseded, incidentId);
        }

        if (incident.UsedLinks.Contains(linkId, StringComparer.Ordinal))
        {
            return Refuse(ActionRefusal.Replayed, incidentId);
        }

        var formToken = links.Tokens!.FormToken(token);
        var now = clock.GetUtcNow();
        if (!request.IsPost)
        {
            return new ActionPageResponse(200, IncidentPageHtml.Form(incident, token, formToken, now, null));
        }

        if (!links.Tokens.IsFormToken(token, request.Form.GetValueOrDefault("form_token")))
        {
            return Refuse(ActionRefusal.MissingFormToken, incidentId);
        }

        if (string.IsNullOrWhiteSpace(request.Form.GetValueOrDefault("reason")))
        {
            const string problem = "Give a reason or a ticket reference: each tenant's next digest repeats it.";
            return new ActionPageResponse(400, IncidentPageHtml.Form(incident, token, formToken, now, problem));
        }

        return await ActAsync(request, claim, incident, linkId, cancellationToken);
    }

    private async Task<ActionPageResponse> ActAsync(
        ActionPageRequest request,
        ActionClaim claim,
        Incident incident,
        string linkId,
        CancellationToken cancellationToken
    )
    {
        var by =
            links.Settings.PlatformSignIn && !string.IsNullOrWhiteSpace(request.PrincipalName)
                ? $"{request.PrincipalName.Trim()} (signed in)"
                : $"the holder of the link from incident summary {claim.DigestId}";
        var action = new ActionRequest("", "", request.Form["reason"], by, claim.DigestId, linkId)
        {
            IncidentId = incident.Id,
            LinkExpiresAt = claim.ExpiresAt,
        };
        var (tenants, refusal) = await acknowledgement.AcknowledgeAsync(incident.Id, action, cancellationToken);
        if (refusal is { } refused)
        {
            return Refuse(refused, incident.Id);
        }

        trace.Acknowledged(incident.Id, tenants.Count, claim.DigestId);
        return new ActionPageResponse(200, IncidentPageHtml.Done(incident, tenants, clock.GetUtcNow()));
    }

    private ActionPageResponse Refuse(ActionRefusal refusal, string incidentId)
    {
        trace.Refused(refusal, incidentId);
        var status = refusal switch
        {
            ActionRefusal.Superseded => 410,
            ActionRefusal.Replayed => 409,
            _ => 403,
        };
        return new ActionPageResponse(status, ActionPageHtml.Refused(refusal));
    }
}
