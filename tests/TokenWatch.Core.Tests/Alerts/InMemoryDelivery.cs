using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>The one tenant an in-memory evaluation walks.</summary>
internal sealed class SingleTenantCatalog(MonitoredTenant tenant) : ITenantCatalog
{
    public Task<IReadOnlyList<MonitoredTenant>> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MonitoredTenant>>([tenant]);
}

/// <summary>
/// Renders the subject only and remembers each digest's events by digest id, so a test can see what every email
/// the provider accepted carried.
/// </summary>
internal sealed class SubjectOnlyRenderer(IDictionary<string, IReadOnlyList<AlertEvent>> rendered) : IDigestRenderer
{
    public OutgoingEmail Render(Digest digest)
    {
        rendered[digest.DigestId] = digest.Events;
        return new OutgoingEmail(
            digest.DigestId,
            digest.Tenant.TenantId,
            digest.ComposedAt,
            digest.Severity,
            digest.Tenant.Recipients,
            DigestComposer.Subject(digest),
            "",
            ""
        );
    }
}
