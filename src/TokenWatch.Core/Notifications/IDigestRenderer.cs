namespace TokenWatch.Core.Notifications;

/// <summary>Turns a digest into an email (HTML and plain text carrying the same facts).</summary>
public interface IDigestRenderer
{
    OutgoingEmail Render(Digest digest);
}
