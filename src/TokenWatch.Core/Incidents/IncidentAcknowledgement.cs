using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Incidents;

/// <summary>
/// "Acknowledge all" of an incident: the condition is acknowledged in every tenant it still holds in, with the same
/// audit entry per tenant that a tenant's own link writes (who, why, "from incident X"). A tenant done already (a
/// retried request after a failure half-way) is not done twice: its audit row holds the link's use.
/// </summary>
public sealed class IncidentAcknowledgement(
    IIncidentStore incidents,
    IAlertLedgerStore ledgers,
    AlertActions actions,
    TimeProvider clock
)
{
    private const int MaxParallelTenants = 4;
    private const int MaxSaveAttempts = 3;

    /// <summary>The tenants acknowledged, or why nothing was done.</summary>
    public async Task<(IReadOnlyList<IncidentTenant> Tenants, ActionRefusal? Refusal)> AcknowledgeAsync(
        string incidentId,
        ActionRequest request,
        CancellationToken cancellationToken
    )
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken);
        if (incident is null || !incident.Open)
        {
            return ([], ActionRefusal.Superseded);
        }

        if (request.LinkId is { } used && incident.UsedLinks.Contains(used, StringComparer.Ordinal))
        {
            return ([], ActionRefusal.Replayed);
        }

        var done = new List<IncidentTenant>();
        await Parallel.ForEachAsync(
            incident.Affected,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelTenants, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                if (await AcknowledgeTenantAsync(incident, tenant, request, ct))
                {
                    lock (done)
                    {
                        done.Add(tenant);
                    }
                }
            }
        );
        await MarkAsync(incident, request, cancellationToken);
        return (incident.Affected.Where(done.Contains).ToList(), null);
    }

    private async Task<bool> AcknowledgeTenantAsync(
        Incident incident,
        IncidentTenant tenant,
        ActionRequest request,
        CancellationToken cancellationToken
    )
    {
        var ledger = (await ledgers.LoadAsync(tenant.TenantId, cancellationToken)).Ledger;
        var any = false;
        foreach (var tokenKey in IncidentSightings.TokensOf(ledger, incident.IdentityKey))
        {
            // One link, one use per token: the link's hash with the token's key.
            var perToken = request with
            {
                TenantId = tenant.TenantId,
                TokenKey = tokenKey,
                LinkId = request.LinkId is { } link ? Hashes.Of($"{link}|{tokenKey}") : null,
            };
            any |= await actions.AcknowledgeAsync(perToken, incident.Condition.Code(), cancellationToken);
        }

        return any;
    }

    private async Task MarkAsync(Incident loaded, ActionRequest request, CancellationToken cancellationToken)
    {
        Incident? incident = loaded;
        var note = $"by {request.By} on {Words.Day(clock.GetUtcNow())}: {AlertActions.CleanReason(request.Reason)}";
        for (var attempt = 0; attempt < MaxSaveAttempts && incident is not null; attempt++)
        {
            var marked = incident with
            {
                Acknowledged = note,
                UsedLinks = [.. incident.UsedLinks, .. request.LinkId is { } id ? [id] : Array.Empty<string>()],
            };
            if (await incidents.TrySaveAsync(marked, cancellationToken) is not null)
            {
                return;
            }

            incident = await incidents.GetAsync(incident.Id, cancellationToken);
        }
    }
}
