using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// What Graph sends about a running ADE sync and a healthy push certificate, read with the real Graph client from
/// the simulator: a sync still within its grace is no sync error, and a null upload status is no unknown.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class SyncGraceGraphTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(60_000, false)] // 60,000 devices at 1,500 a minute: 40 minutes, so a sync 20 minutes old still runs
    [InlineData(400, true)] // a small token's sync is judged after 15 minutes
    public async Task An_old_error_code_counts_only_once_the_sync_has_had_its_time(int devices, bool current)
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var now = app.Clock.GetUtcNow();
        var ade = app.Tenant(0).AdeTokens[0];
        ade.Syncing = false;
        ade.LastSyncErrorCode = 3;
        ade.SyncedDeviceCount = devices;
        ade.LastSuccessfulSyncDateTime = now.AddHours(-12);
        ade.LastSyncTriggeredDateTime = now.AddMinutes(-20);

        var readings = await app.PollAsync();

        var token = readings[0].Tokens.Single(t => t.Kind == TokenKind.Ade);
        Assert.Equal(devices, token.SyncedDeviceCount);
        var health = app.Rules.Evaluate(token, now);
        Assert.Equal(current, health.Reasons.Any(r => r.Condition == Condition.SyncError));
    }

    [Fact]
    public async Task A_healthy_push_certificate_without_an_upload_status_is_ok()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var certificate = app.Tenant(0).ApnsCertificate!;
        certificate.Override("certificateUploadStatus", null);
        certificate.CertificateUploadFailureReason = "old mismatch"; // left from an earlier upload

        var readings = await app.PollAsync();

        var apns = readings[0].Tokens.Single(t => t.Kind == TokenKind.Apns);
        Assert.Null(apns.State);
        Assert.Equal(HealthStatus.Ok, app.Rules.Evaluate(apns, app.Clock.GetUtcNow()).Status);
    }
}
