using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tenants;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

public sealed class DigestComposerTests
{
    private static readonly MonitoredTenant Contoso = new("t1", "Contoso", ["admins@contoso.com"]);

    private static Digest DigestOf(params Core.Tokens.TokenObservation[] tokens) =>
        DigestComposer.Compose(Contoso, new PolicyRun().PollAndDecide(Now, tokens).Events, Now);

    [Fact]
    public void The_subject_names_the_worst_event_and_counts_the_rest()
    {
        var digest = DigestOf(Vpp(daysLeft: 10), Ade(syncError: 3) with { Name = "Main ABM" });

        Assert.Equal(
            "[TokenWatch] CRITICAL · Contoso · ADE token \"Main ABM\" sync error (code 3, often terms not "
                + "accepted) +1 more",
            DigestComposer.Subject(digest)
        );
        Assert.Equal(HealthStatus.Critical, digest.Events[0].Severity);
        Assert.Equal(HealthStatus.Warning, digest.Events[1].Severity);
    }

    [Fact]
    public void Graph_text_in_the_subject_loses_line_breaks_and_is_capped()
    {
        var digest = DigestOf(
            Ade(syncError: 3) with
            {
                Name = "Evil\r\nBcc: victim@example.com" + new string('x', 2048),
            }
        );

        var subject = DigestComposer.Subject(digest);

        Assert.DoesNotContain('\r', subject);
        Assert.DoesNotContain('\n', subject);
        Assert.True(subject.Length < 250, $"subject is {subject.Length} characters");
    }

    [Fact]
    public void The_same_events_give_the_same_digest_id()
    {
        Assert.Equal(DigestOf(Ade(syncError: 3)).DigestId, DigestOf(Ade(syncError: 3)).DigestId);
        Assert.NotEqual(DigestOf(Ade(syncError: 3)).DigestId, DigestOf(Ade(daysLeft: 5)).DigestId);
    }
}
