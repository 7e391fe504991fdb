using TokenWatch.Core.Alerts;
using TokenWatch.Core.Notifications;

namespace TokenWatch.Core.Tests.Alerts;

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
