using System.Text.Json.Nodes;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Graph;

/// <summary>
/// Data Graph may send that TokenWatch did not expect: values Microsoft adds later, fields left out or of the wrong
/// type, and strings from whoever named a token. Each must come through as data with a status and a reason, never
/// as an exception that loses the endpoint or the tenant.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class GraphDataTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Enum_values_TokenWatch_does_not_know_are_kept_verbatim_and_judged_unknown()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var tenant = app.Tenant(0);
        tenant.VppTokens[0].State = "suspendedByApple";
        tenant.VppTokens[0].LastSyncStatus = "partiallyCompleted";
        tenant.VppTokens[0].VppTokenAccountType = "government";
        tenant.AdeTokens[0].TokenType = "appleBusinessEssentials";
        tenant.ApnsCertificate!.CertificateUploadStatus = "pendingReview";

        var readings = await app.PollAsync();

        Assert.Empty(readings[0].Failures);
        var vpp = readings[0].Tokens.Single(t => t.Kind == TokenKind.Vpp);
        Assert.Equal(
            ("suspendedByApple", "partiallyCompleted", "government"),
            (vpp.State, vpp.SyncStatus, vpp.TokenType)
        );
        var health = app.Rules.Evaluate(vpp, app.Clock.GetUtcNow());
        Assert.Equal(HealthStatus.Unknown, health.Status);
        Assert.Contains(health.Reasons, r => r.Condition == Condition.UnrecognizedState && r.Detail == "state");
        Assert.Equal("appleBusinessEssentials", readings[0].Tokens.Single(t => t.Kind == TokenKind.Ade).TokenType);
        Assert.Equal("pendingReview", readings[0].Tokens.Single(t => t.Kind == TokenKind.Apns).State);
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Missing_fields_and_never_dates_are_unknown_with_a_reason()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var tenant = app.Tenant(0);
        tenant.AdeTokens[0].Omit("tokenExpirationDateTime");
        tenant.AdeTokens[0].Override("lastSuccessfulSyncDateTime", "0001-01-01T00:00:00Z"); // Intune's "never"
        tenant.VppTokens[0].Omit("state");
        tenant.VppTokens[0].Omit("id");
        tenant.ApnsCertificate!.Override("expirationDateTime", null);

        var readings = await app.PollAsync();

        Assert.Empty(readings[0].Failures);
        var now = app.Clock.GetUtcNow();
        var ade = readings[0].Tokens.Single(t => t.Kind == TokenKind.Ade);
        Assert.Equal(HealthStatus.Unknown, app.Rules.Evaluate(ade, now).Status);
        Assert.Equal(
            [Condition.MissingExpiry, Condition.NeverSynced],
            app.Rules.Evaluate(ade, now).Reasons.Select(r => r.Condition)
        );
        var vpp = readings[0].Tokens.Single(t => t.Kind == TokenKind.Vpp);
        Assert.Equal("missing-id-1", vpp.Id);
        Assert.Equal(
            [Condition.Unparseable, Condition.UnrecognizedState],
            app.Rules.Evaluate(vpp, now).Reasons.Select(r => r.Condition)
        );
        var apns = readings[0].Tokens.Single(t => t.Kind == TokenKind.Apns);
        Assert.Equal([Condition.MissingExpiry], app.Rules.Evaluate(apns, now).Reasons.Select(r => r.Condition));
        Expect.ReadNormally(readings[1], app.Rules, now);
    }

    public static TheoryData<string, string, string, HealthStatus, Condition> WrongTypes =>
        new()
        {
            // field, JSON value sent, the problem recorded, the token's status, a reason it must have
            {
                "lastSyncErrorCode",
                "\"3\"",
                "lastSyncErrorCode is text where a number was expected: '3'",
                HealthStatus.Critical,
                Condition.SyncError
            },
            {
                "lastSyncErrorCode",
                "3.5",
                "lastSyncErrorCode is not a whole number in range: 3.5",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "lastSyncErrorCode",
                "99999999999",
                "lastSyncErrorCode is not a whole number in range: 99999999999",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "lastSyncErrorCode",
                "\"none\"",
                "lastSyncErrorCode is not a number: 'none'",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "lastSyncErrorCode",
                "true",
                "lastSyncErrorCode is a boolean where a number was expected",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "tokenName",
                "12",
                "tokenName is a number where text was expected: '12'",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "appleIdentifier",
                "{\"mail\":\"x\"}",
                "appleIdentifier is an object where text was expected",
                HealthStatus.Unknown,
                Condition.Unparseable
            },
            {
                "tokenExpirationDateTime",
                "{\"dateTime\":\"2027-01-01\"}",
                "tokenExpirationDateTime is an object where a date was expected",
                HealthStatus.Unknown,
                Condition.MissingExpiry
            },
            {
                "tokenExpirationDateTime",
                "1767225600",
                "tokenExpirationDateTime is a number where a date was expected",
                HealthStatus.Unknown,
                Condition.MissingExpiry
            },
            {
                "tokenExpirationDateTime",
                "\"soon\"",
                "tokenExpirationDateTime is not a date: 'soon'",
                HealthStatus.Unknown,
                Condition.MissingExpiry
            },
            {
                "lastSuccessfulSyncDateTime",
                "[\"2026-05-01T00:00:00Z\"]",
                "lastSuccessfulSyncDateTime is an array where a date was expected",
                HealthStatus.Unknown,
                Condition.NeverSynced
            },
            { "id", "7", "id is a number where text was expected: '7'", HealthStatus.Unknown, Condition.Unparseable },
        };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_field_of_the_wrong_type_is_a_problem_on_its_token_not_a_lost_endpoint(
        string field,
        string json,
        string problem,
        HealthStatus status,
        Condition reason
    )
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var tenant = app.Tenant(0);
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = "ade-2",
                TokenName = "Second ABM",
                TokenExpirationDateTime = app.Clock.GetUtcNow().AddDays(200),
            }
        );
        // a sync that has not succeeded, started longer ago than a running sync's grace
        tenant.AdeTokens[0].Syncing = false;
        tenant.AdeTokens[0].LastSuccessfulSyncDateTime = app.Clock.GetUtcNow().AddHours(-12);
        tenant.AdeTokens[0].LastSyncTriggeredDateTime = app.Clock.GetUtcNow().AddHours(-1);
        tenant.AdeTokens[0].Override(field, JsonNode.Parse(json));

        var readings = await app.PollAsync();

        Assert.Empty(readings[0].Failures);
        var ade = readings[0].Tokens.Where(t => t.Kind == TokenKind.Ade).ToList();
        Assert.Equal(2, ade.Count);
        Assert.Equal([problem], ade[0].Problems);
        var health = app.Rules.Evaluate(ade[0], app.Clock.GetUtcNow());
        Assert.Equal(status, health.Status);
        Assert.Contains(health.Reasons, r => r.Condition == reason);
        Assert.Contains(health.Reasons, r => r.Condition == Condition.Unparseable && r.Detail == problem);
        // its neighbour is untouched
        Assert.Equal(HealthStatus.Ok, app.Rules.Evaluate(ade[1], app.Clock.GetUtcNow()).Status);
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Hostile_strings_come_through_verbatim_and_are_stored_without_losing_the_tenant()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        var tenant = app.Tenant(0);
        var html = "<script>alert('x')</script><b>ABM</b> & \"friends\"";
        var lines = "abm@contoso.example\r\nX-Injected: yes\nWARN TokenWatch: all tokens ok";
        var huge = string.Concat(Enumerable.Repeat("Contoso Apps and Books ", 90)); // about 2 KB
        var rtl = "\u202Etxt.exe \u05D0\u05E4\u05DC \u0627\u0628\u0644";
        var oddId = "ade/1#?\\%|x";
        tenant.AdeTokens[0].TokenName = html;
        tenant.AdeTokens[0].AppleIdentifier = lines;
        tenant.VppTokens[0].DisplayName = huge;
        tenant.ApnsCertificate!.AppleIdentifier = rtl;
        tenant.AdeTokens.Add(
            new SimulatedAdeToken
            {
                Id = oddId,
                TokenName = "odd id",
                TokenExpirationDateTime = app.Clock.GetUtcNow().AddDays(90),
            }
        );

        var readings = await app.PollAsync();

        Assert.Empty(readings[0].Failures);
        var tokens = readings[0].Tokens;
        Assert.Equal(html, tokens.Single(t => t.Id == "ade-1").Name);
        Assert.Equal(lines, tokens.Single(t => t.Id == "ade-1").AppleId);
        Assert.True(huge.Length > 2000);
        Assert.Equal(huge, tokens.Single(t => t.Kind == TokenKind.Vpp).Name);
        Assert.Equal(rtl, tokens.Single(t => t.Kind == TokenKind.Apns).AppleId);
        Assert.All(tokens, t => Assert.Empty(t.Problems));
        var stored = await app.StoredAsync(0);
        Assert.Equal(4, stored.Tokens.Count);
        Assert.Equal(huge, stored.Tokens.Single(t => t.Observation.Kind == TokenKind.Vpp).Observation.Name);
        Assert.Equal(lines, stored.Tokens.Single(t => t.Observation.Id == "ade-1").Observation.AppleId);
        Assert.Contains(stored.Tokens, t => t.Observation.Id == oddId);
        Expect.ReadNormally(readings[1], app.Rules, app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Secrets_Graph_sends_are_neither_read_nor_stored_nor_logged()
    {
        await using var app = await TestApp.StartGraphAsync(azurite);
        // a failure, so something is logged
        app.Tenant(0).AddFault(SimulatedEndpoint.Ade, SimulatedFault.MalformedJson());

        await app.PollAsync();

        var stored = await app.StoredAsync(0);
        var everything =
            string.Join("\n", stored.Tokens.Select(t => t.Observation.ToString()))
            + string.Join(
                "\n",
                app.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? []))
            );
        Assert.NotEmpty(app.FailureLogs(0));
        Assert.DoesNotContain("c2ltdWxhdGVkLXZwcC1zZWNyZXQ=", everything); // the VPP token itself
        Assert.DoesNotContain("LS0tLS1CRUdJTi", everything); // the APNs certificate itself
    }
}
