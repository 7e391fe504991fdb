using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Polling;

/// <summary>A failure's fix is stored as a code; rows stored before that hold English and must still read.</summary>
public sealed class StoredFailureFixTests
{
    [Fact]
    public void A_stored_failure_keeps_its_fix_as_a_code_not_as_words()
    {
        var failure = new PollFailure(TokenKind.Vpp, FailureCodes.PermissionMissing, "403", FailureFix.GrantPermission);
        var json = System.Text.Encoding.UTF8.GetString(AlertJson.Serialize([Told(failure)]));

        Assert.Contains("\"fix\":\"GrantPermission\"", json);
        Assert.DoesNotContain("Grant the application permission", json);
        Assert.Equal(failure, AlertJson.DeserializeEvents(System.Text.Encoding.UTF8.GetBytes(json))[0].Failure);
    }

    [Theory]
    [InlineData(FailureCodes.PermissionMissing, "Grant the application permission DeviceManagementServiceConfig")]
    [InlineData(FailureCodes.AuthFailed, "Check TokenWatch's credential for tenant t1")]
    [InlineData(FailureCodes.Throttled, "poll less often")]
    [InlineData("something-new", "report it with the log entry")]
    public void An_english_fix_stored_by_an_earlier_version_is_worded_from_the_failure_code(string code, string words)
    {
        var old =
            "[{\"kind\":\"MonitoringFailed\",\"severity\":\"Critical\",\"at\":\"2026-03-01T08:00:00+00:00\","
            + "\"failure\":{\"kind\":\"Vpp\",\"code\":\""
            + code
            + "\",\"message\":\"Graph said no.\","
            + "\"fix\":\"Grant DeviceManagementServiceConfig.Read.All to TokenWatch.\"}}]";

        var failure = AlertJson.DeserializeEvents(System.Text.Encoding.UTF8.GetBytes(old))[0].Failure!;

        Assert.Null(failure.Fix);
        Assert.Contains(words, FailureFixes.Sentence(failure, "t1"), StringComparison.Ordinal);
    }

    private static AlertEvent Told(PollFailure failure) =>
        new()
        {
            Kind = AlertEventKind.MonitoringFailed,
            Severity = HealthStatus.Critical,
            At = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero),
            Failure = failure,
        };
}
