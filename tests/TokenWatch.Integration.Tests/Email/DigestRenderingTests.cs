using TokenWatch.Core.Notifications;
using TokenWatch.Infrastructure.Email;

namespace TokenWatch.Integration.Tests.Email;

/// <summary>The rendered email of every event kind, compared with its approved HTML and text.</summary>
public sealed class DigestRenderingTests
{
    private readonly FluidDigestRenderer _renderer = new();

    public static TheoryData<string> Samples => new(DigestSamples.ByName.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_event_kind_renders_as_approved(string sample)
    {
        var email = _renderer.Render(DigestSamples.ByName[sample]);

        Snapshot.Match(sample, "html", email.Html);
        Snapshot.Match(sample, "txt", email.Text);
        Snapshot.Match(sample, "subject.txt", email.Subject + "\n");
    }
}
