using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TokenWatch.Core.Actions;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Incidents;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using TokenWatch.Infrastructure.Configuration;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>
/// After each evaluation: finds the incidents across tenants in the ledgers the evaluation left, stores them, and
/// tells the ops recipients (<c>TokenWatch:Discovery:OpsRecipients</c>) once per incident: when it opens, when it
/// has doubled since the last summary, and when it recovers. The summary owed is stored before it is sent and
/// cleared once the provider accepted it, so a restart never sends it again and a failed send is sent next time;
/// the one duplicate possible is a process dying between the provider's acceptance and that mark. With no ops
/// recipients it does nothing, and says so in the log once.
/// </summary>
public sealed class IncidentService(
    ITenantCatalog catalog,
    IAlertLedgerStore ledgers,
    IIncidentStore store,
    IncidentSettings settings,
    IOptions<TokenWatchOptions> options,
    ActionLinks links,
    INotifier notifier,
    CycleSettings cycle,
    TimeProvider clock,
    IncidentTrace trace
)
{
    private const int MaxSaveAttempts = 3;
    private int _toldNobody;

    /// <summary>The summaries the provider accepted in this run.</summary>
    public async Task<IReadOnlyList<OutgoingEmail>> RunAsync(CancellationToken cancellationToken)
    {
        var recipients = options.Value.Discovery.OpsRecipients;
        if (recipients.Count == 0)
        {
            if (Interlocked.Exchange(ref _toldNobody, 1) == 0)
            {
                trace.NoRecipients();
            }

            return [];
        }

        var tenants = await catalog.LoadAsync(cancellationToken);
        var (sightings, unread) = await SightingsAsync(tenants, cancellationToken);
        var current = await TrackAsync(sightings, unread, cancellationToken);
        var sent = new List<OutgoingEmail>();
        var owed = current.Values.Where(i => i.Owed is not null).OrderBy(i => i.Id, StringComparer.Ordinal);
        foreach (var incident in owed)
        {
            if (await TellAsync(incident, recipients, cancellationToken) is { } email)
            {
                sent.Add(email);
            }
        }

        return sent;
    }

    /// <summary>The incidents stored and active after this run's changes, by id.</summary>
    private async Task<Dictionary<string, Incident>> TrackAsync(
        List<IncidentSighting> sightings,
        HashSet<string> unread,
        CancellationToken cancellationToken
    )
    {
        var stored = await store.ListOpenAsync(cancellationToken);
        var open = stored.Where(i => i.Open).ToList();
        var current = stored.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var changed in IncidentTracker.Track(open, sightings, unread, clock.GetUtcNow(), settings))
        {
            trace.Changed(changed.Id, changed.IdentityKey, changed.Affected.Count, changed.Tenants.Count, changed.Owed);
            var saved = await store.TrySaveAsync(changed, cancellationToken);
            if (saved is null)
            {
                trace.Conflict(changed.Id);
                current.Remove(changed.Id);
                continue;
            }

            current[saved.Id] = saved;
        }

        return current;
    }

    /// <summary>Every tenant's sightings; the tenants whose ledger could not be read are left as they were.</summary>
    private async Task<(List<IncidentSighting> Sightings, HashSet<string> Unread)> SightingsAsync(
        IReadOnlyList<MonitoredTenant> tenants,
        CancellationToken cancellationToken
    )
    {
        var sightings = new ConcurrentBag<IncidentSighting>();
        var unread = new ConcurrentBag<string>();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = cycle.MaxParallelism,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(tenants, parallel, async (tenant, ct) =>
        {
            try
            {
                var ledger = (await ledgers.LoadAsync(tenant.TenantId, ct)).Ledger;
                foreach (var sighting in IncidentSightings.Of(tenant, ledger))
                {
                    sightings.Add(sighting);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                unread.Add(tenant.TenantId);
                trace.TenantUnread(ex, tenant.TenantId, ex.Message);
            }
        });
        return ([.. sightings], unread.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    private async Task<OutgoingEmail?> TellAsync(
        Incident incident,
        IReadOnlyList<string> recipients,
        CancellationToken cancellationToken
    )
    {
        var news = incident.Owed!.Value;
        var now = clock.GetUtcNow();
        var email = IncidentSummaryEmail.Compose(incident, news, now, recipients, LinkOf(incident, news, now));
        try
        {
            await notifier.SendAsync(email, cancellationToken);
        }
        catch (DeliveryException ex)
        {
            trace.Failed(ex, email.DigestId, ex.Message);
            return null;
        }

        trace.Sent(email.DigestId, news, recipients.Count);
        await MarkToldAsync(incident, news, cancellationToken);
        return email;
    }

    /// <summary>The "acknowledge all" link: signed and expiring as a tenant's own links are; none for a
    /// recovery.</summary>
    private string? LinkOf(Incident incident, IncidentNews news, DateTimeOffset now)
    {
        if (news == IncidentNews.Recovered || links.Tokens is not { } tokens)
        {
            return null;
        }

        var claim = new ActionClaim(
            "",
            "",
            incident.Condition.Code(),
            incident.SummaryId,
            AlertActionKind.AcknowledgeIncident,
            now.AddDays(links.Settings.LinkLifetimeDays),
            ""
        )
        {
            IncidentId = incident.Id,
        };
        return links.Url(tokens.Sign(claim));
    }

    private async Task MarkToldAsync(Incident told, IncidentNews news, CancellationToken cancellationToken)
    {
        Incident? incident = told;
        for (var attempt = 0; attempt < MaxSaveAttempts && incident is not null; attempt++)
        {
            var marked = incident with
            {
                Owed = incident.Owed == news ? null : incident.Owed,
                Summaries = incident.Summaries + 1,
                ToldTenants = incident.Tenants.Count,
            };
            if (await store.TrySaveAsync(marked, cancellationToken) is not null)
            {
                return;
            }

            incident = await store.GetAsync(incident.Id, cancellationToken);
        }
    }
}
