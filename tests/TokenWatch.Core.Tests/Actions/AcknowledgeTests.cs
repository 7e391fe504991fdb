using TokenWatch.Core.Alerts;
using TokenWatch.Core.Tests.Alerts;
using static TokenWatch.Core.Tests.Tokens;

namespace TokenWatch.Core.Tests.Actions;

/// <summary>
/// An acknowledged condition: its reminders held, its recovery sent, and a change of the token ends it.
/// </summary>
public sealed class AcknowledgeTests
{
    private static Snooze Acknowledgement(string condition) =>
        new(Now.AddDays(366), "ticket 4711", Now) { By = "ops@contoso.com", Acknowledged = condition };

    [Fact]
    public void Reminders_are_held_and_the_recovery_is_sent_and_ends_it()
    {
        var run = new PolicyRun();
        Assert.NotEmpty(run.PollAndDecide(Now, Ade(syncError: 3)).Events);
        run.Ledger = run.Ledger.WithSnooze("ade:ade-1", Acknowledgement("sync-error"));

        var reminder = run.PollAndDecide(Now.AddHours(25), Ade(syncError: 3));
        Assert.Empty(reminder.Events);
        Assert.Contains(reminder.Snoozed, e => e.Kind == AlertEventKind.Reminder);

        run.PollAndDecide(Now.AddHours(26), Ade());
        var recovered = run.PollAndDecide(Now.AddHours(27), Ade());
        Assert.Contains(recovered.Events, e => e.Kind == AlertEventKind.Recovered);
        Assert.Empty(run.Ledger.Snoozes);
    }

    [Fact]
    public void A_renewed_token_ends_the_acknowledgement_and_its_news_is_sent()
    {
        var run = new PolicyRun();
        run.PollAndDecide(Now, Ade(daysLeft: 20, syncError: 3));
        run.Ledger = run.Ledger.WithSnooze("ade:ade-1", Acknowledgement("sync-error"));

        var renewed = run.PollAndDecide(Now.AddHours(2), Ade(daysLeft: 365, syncError: 3));

        Assert.Contains(renewed.Events, e => e.Kind == AlertEventKind.Renewed);
        Assert.Empty(run.Ledger.Snoozes);
    }
}
