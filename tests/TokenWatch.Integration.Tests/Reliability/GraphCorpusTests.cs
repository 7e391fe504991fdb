using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;
using Xunit.Abstractions;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Malformed and hostile Graph answers, generated (every field of every token kind given values of the wrong type,
/// impossible dates, huge text) and hand-written (bodies that are not pages, deep nesting, duplicate ids, nextLink
/// loops and foreign nextLinks, 2 KB ids, unknown enum values), each played by the simulator to the real Graph
/// client for one tenant of one real poll (stored in Azurite) and one real evaluation (emails to the outbox folder).
/// Each must end as a classified read failure, as tokens judged not ok (and told to admins), or, for hostile text in
/// well-formed data, as that data stored and shown; never as an exception, a tenant lost to storage, or an ok status
/// for data TokenWatch could not understand.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class GraphCorpusTests(AzuriteFixture azurite, ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    /// <summary>What an admin must get from a payload.</summary>
    public enum Outcome
    {
        /// <summary>The endpoint's read fails with a classified cause; the last good state is kept.</summary>
        Failure,

        /// <summary>
        /// The endpoint is read, and every token of it is judged warning, critical or unknown, and told.
        /// </summary>
        NotOk,

        /// <summary>
        /// Hostile text in well-formed data: read, stored (capped) and shown as text; judged on its real fields.
        /// </summary>
        Data,
    }

    /// <summary>One payload: what it does to the tenant's answer of one endpoint, and what must come of it.</summary>
    public sealed record Payload(
        string Name,
        TokenKind Kind,
        Outcome Expected,
        bool Generated,
        Action<SimulatedTenant, Urls> Play
    );

    /// <summary>Where the tenant's endpoint lives, and a server on another origin that must never be asked.</summary>
    public sealed record Urls(string TenantRoot, string Foreign);

    private static readonly DateTimeOffset Now = TestApp.Start;

    private static string Iso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static SimulatedEndpoint EndpointOf(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => SimulatedEndpoint.Ade,
            TokenKind.Vpp => SimulatedEndpoint.Vpp,
            _ => SimulatedEndpoint.Apns,
        };

    private static SimulatedItem ItemOf(SimulatedTenant tenant, TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => tenant.AdeTokens[0],
            TokenKind.Vpp => tenant.VppTokens[0],
            _ => tenant.ApnsCertificate!,
        };

    private static string PathOf(TokenKind kind) =>
        kind switch
        {
            TokenKind.Ade => "/beta/deviceManagement/depOnboardingSettings",
            TokenKind.Vpp => "/beta/deviceAppManagement/vppTokens",
            _ => "/v1.0/deviceManagement/applePushNotificationCertificate",
        };

    /// <summary>A field of the seeded token replaced by a JSON value (or left out, for null text).</summary>
    private static Payload Field(TokenKind kind, string field, string? json, Outcome expected) =>
        new($"{kind.ToSlug()}.{field} = {Label(json)}", kind, expected, Generated: true, (tenant, _) =>
        {
            if (json is null)
            {
                ItemOf(tenant, kind).Omit(field);
            }
            else
            {
                ItemOf(tenant, kind).Override(field, JsonNode.Parse(json));
            }
        });

    private static string Label(string? json) =>
        json is null ? "(left out)"
        : json.Length > 40 ? $"{json[..20]}… ({json.Length} chars)"
        : json;

    /// <summary>
    /// The whole answer of the endpoint replaced by <paramref name="body"/> (once; later pages answer normally).
    /// </summary>
    private static Payload Body(string name, TokenKind kind, Outcome expected, Func<Urls, string> body) =>
        new(name, kind, expected, Generated: false, (tenant, urls) =>
            tenant.AddFault(EndpointOf(kind), SimulatedFault.Json(body(urls)))
        );

    private static Payload Bodies(string name, TokenKind kind, Outcome expected, Func<Urls, string[]> bodies) =>
        new(name, kind, expected, Generated: false, (tenant, urls) =>
        {
            foreach (var body in bodies(urls))
            {
                tenant.AddFault(EndpointOf(kind), SimulatedFault.Json(body));
            }
        });

    private static string Page(params string[] items) => $$"""{ "value": [ {{string.Join(", ", items)}} ] }""";

    private static string PageWithNext(string next, params string[] items) =>
        $$"""{ "value": [ {{string.Join(", ", items)}} ],"""
        + $$""" "@odata.nextLink": {{JsonValue.Create(next).ToJsonString()}} }""";

    private static string Ade(string id, string extra = "") =>
        $$"""{ "id": {{JsonValue.Create(id).ToJsonString()}}, "tokenName": "Corpus ABM","""
        + $$""" "tokenExpirationDateTime": "{{Iso(Now.AddDays(200))}}","""
        + $$""" "lastSuccessfulSyncDateTime": "{{Iso(Now.AddHours(-2))}}", "lastSyncErrorCode": 0{{extra}} }""";

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>Values of the wrong type, impossible dates and text that is no date, for every date field.</summary>
    private static readonly string[] NotDates =
    [
        "42",
        "true",
        """{"dateTime":"2027-01-01T00:00:00Z"}""",
        """["2027-01-01T00:00:00Z"]""",
        "\"2027-02-30T00:00:00Z\"",
        "\"2027-01-01T25:61:00Z\"",
        "\"2027-01-01T00:00:00+25:00\"",
        "\"tomorrow\"",
        "\"01/02/2027\"",
        "\"May 2027\"",
        "\"\"",
        $"\"{new string('9', 100_000)}\"",
    ];

    private static readonly string[] NotText = ["42", "false", """{"a":1}""", "[1,2]"];

    /// <summary>A <c>tokenActionResults</c> that is no list of action results, or holds unreadable ones.</summary>
    private static readonly string[] NotActionResults =
    [
        "42",
        "\"failed\"",
        """{"actionState":"failed"}""",
        "[1]",
        "[null]",
        """[{"actionName":7,"actionState":"failed"}]""",
        """[{"actionName":"syncLicenses","actionState":"failed","lastUpdatedDateTime":"yesterday"}]""",
    ];

    private static readonly string[] NotInt = ["\"x\"", "1.5", "1e300", "-2147483649", "{}", "[]", "\"NaN\""];

    public static IReadOnlyList<Payload> Generated()
    {
        var payloads = new List<Payload>();
        foreach (
            var (kind, field) in new[]
            {
                (TokenKind.Ade, "tokenExpirationDateTime"),
                (TokenKind.Ade, "lastSuccessfulSyncDateTime"),
                (TokenKind.Vpp, "expirationDateTime"),
                (TokenKind.Vpp, "lastSyncDateTime"),
                (TokenKind.Apns, "expirationDateTime"),
            }
        )
        {
            payloads.AddRange(NotDates.Select(v => Field(kind, field, v, Outcome.NotOk)));
            payloads.Add(Field(kind, field, null, Outcome.NotOk));
        }

        foreach (
            var (kind, field) in new[]
            {
                (TokenKind.Ade, "tokenName"),
                (TokenKind.Ade, "appleIdentifier"),
                (TokenKind.Vpp, "state"),
                (TokenKind.Vpp, "lastSyncStatus"),
                (TokenKind.Vpp, "appleId"),
                (TokenKind.Vpp, "locationName"),
                (TokenKind.Vpp, "displayName"),
                (TokenKind.Apns, "topicIdentifier"),
                (TokenKind.Apns, "certificateUploadFailureReason"),
            }
        )
        {
            payloads.AddRange(NotText.Select(v => Field(kind, field, v, Outcome.NotOk)));
        }

        payloads.AddRange(NotActionResults.Select(v => Field(TokenKind.Vpp, "tokenActionResults", v, Outcome.NotOk)));

        payloads.AddRange(NotInt.Select(v => Field(TokenKind.Ade, "lastSyncErrorCode", v, Outcome.NotOk)));
        foreach (var kind in new[] { TokenKind.Ade, TokenKind.Vpp })
        {
            payloads.AddRange(
                new[] { "null", "42", """{"id":"x"}""", "\"\"", "\"   \"" }.Select(v =>
                    Field(kind, "id", v, Outcome.NotOk)
                )
            );
            payloads.Add(Field(kind, "id", null, Outcome.NotOk));
        }

        return payloads;
    }

    public static IReadOnlyList<Payload> HandWritten() =>
        [
            Body("not JSON", TokenKind.Ade, Outcome.Failure, _ => "{ \"value\": [ { \"id\": "),
            Body("empty body", TokenKind.Vpp, Outcome.Failure, _ => ""),
            Body("JSON null", TokenKind.Ade, Outcome.Failure, _ => "null"),
            Body("a bare array", TokenKind.Vpp, Outcome.Failure, _ => """[ { "id": "vpp-1" } ]"""),
            Body("a bare string", TokenKind.Ade, Outcome.Failure, _ => "\"depOnboardingSettings\""),
            Body("a bare number", TokenKind.Vpp, Outcome.Failure, _ => "42"),
            Body("value is text", TokenKind.Ade, Outcome.Failure, _ => """{ "value": "nope" }"""),
            Body("value is an object", TokenKind.Vpp, Outcome.Failure, _ => """{ "value": { "id": "vpp-1" } }"""),
            Body("NaN in the body", TokenKind.Ade, Outcome.Failure, _ =>
                """{ "value": [ { "id": "a", "lastSyncErrorCode": NaN } ] }"""
            ),
            Body("comments in the body", TokenKind.Ade, Outcome.Failure, _ => """{ "value": [ /* hidden */ ] }"""),
            Body("HTML with status 200", TokenKind.Vpp, Outcome.Failure, _ =>
                "<!DOCTYPE html><html><body>Sign in</body></html>"
            ),
            Body("deep nesting in a field", TokenKind.Ade, Outcome.Failure, _ =>
                Page(Ade("deep", $", \"tokenName\": {Deep(5_000)}"))
            ),
            Body("deep nesting in an ignored field", TokenKind.Ade, Outcome.Failure, _ =>
                Page(Ade("deep", $", \"roleScopeTagIds\": {Deep(200)}"))
            ),
            Body("deep nesting of the certificate", TokenKind.Apns, Outcome.Failure, _ =>
                $$"""{ "id": "a", "certificate": {{Deep(1_000)}} }"""
            ),
            Body("items that are numbers", TokenKind.Ade, Outcome.NotOk, _ => """{ "value": [ 1, 2, 3 ] }"""),
            Body("an item that is null", TokenKind.Vpp, Outcome.NotOk, _ => """{ "value": [ null ] }"""),
            Body("an empty item", TokenKind.Ade, Outcome.NotOk, _ => """{ "value": [ { } ] }"""),
            Body("duplicate ids with different data", TokenKind.Ade, Outcome.NotOk, _ =>
                Page(
                    Ade("dup"),
                    Ade("dup").Replace("\"lastSyncErrorCode\": 0", "\"lastSyncErrorCode\": 3", StringComparison.Ordinal)
                )
            ),
            Body("duplicate ids, same data (a repeated page item)", TokenKind.Ade, Outcome.Data, _ =>
                Page(Ade("same"), Ade("same"))
            ),
            Body("duplicate property, the error last", TokenKind.Ade, Outcome.NotOk, _ =>
                Page(Ade("twice", ", \"lastSyncErrorCode\": 3"))
            ),
            Body("last sync in the future", TokenKind.Ade, Outcome.NotOk, _ =>
                Page(Ade("future").Replace(Iso(Now.AddHours(-2)), Iso(Now.AddYears(50)), StringComparison.Ordinal))
            ),
            Body("expiry before the epoch", TokenKind.Ade, Outcome.NotOk, _ =>
                Page(Ade("old").Replace(Iso(Now.AddDays(200)), "1601-01-01T00:00:00Z", StringComparison.Ordinal))
            ),
            Body("unknown VPP state", TokenKind.Vpp, Outcome.NotOk, _ =>
                Page(
                    """{ "id": "v", "state": "suspendedByApple", "lastSyncStatus": "completed","""
                        + $$""" "expirationDateTime": "{{Iso(Now.AddDays(200))}}","""
                        + $$""" "lastSyncDateTime": "{{Iso(Now.AddHours(-1))}}" }"""
                )
            ),
            Body("unknown VPP sync status", TokenKind.Vpp, Outcome.NotOk, _ =>
                Page(
                    """{ "id": "v", "state": "valid", "lastSyncStatus": "partiallyFailed","""
                        + $$""" "expirationDateTime": "{{Iso(Now.AddDays(200))}}","""
                        + $$""" "lastSyncDateTime": "{{Iso(Now.AddHours(-1))}}" }"""
                )
            ),
            Body("a page instead of the certificate", TokenKind.Apns, Outcome.NotOk, _ =>
                """{ "value": [ { "id": "apns", "expirationDateTime": "2027-01-01T00:00:00Z" } ] }"""
            ),
            Body("an array instead of the certificate", TokenKind.Apns, Outcome.NotOk, _ => "[]"),
            Body("nextLink to itself", TokenKind.Ade, Outcome.Failure, u =>
                PageWithNext($"{u.TenantRoot}{PathOf(TokenKind.Ade)}?$skiptoken=self", Ade("a"))
            ),
            Bodies("nextLink loop over two pages", TokenKind.Vpp, Outcome.Failure, u =>
                [
                    PageWithNext($"{u.TenantRoot}{PathOf(TokenKind.Vpp)}?p=2"),
                    PageWithNext($"{u.TenantRoot}{PathOf(TokenKind.Vpp)}?p=1"),
                    PageWithNext($"{u.TenantRoot}{PathOf(TokenKind.Vpp)}?p=2"),
                ]
            ),
            Body("nextLink to another host", TokenKind.Ade, Outcome.Failure, u =>
                PageWithNext($"{u.Foreign}{PathOf(TokenKind.Ade)}?$skiptoken=2", Ade("a"))
            ),
            Body("nextLink to another host behind user info", TokenKind.Ade, Outcome.Failure, u =>
                PageWithNext(
                    u.Foreign.Replace("http://", $"http://{new Uri(u.TenantRoot).Authority}@", StringComparison.Ordinal)
                        + PathOf(TokenKind.Ade),
                    Ade("a")
                )
            ),
            Body("nextLink over https to the same host", TokenKind.Vpp, Outcome.Failure, u =>
                PageWithNext(
                    u.TenantRoot.Replace("http://", "https://", StringComparison.Ordinal) + PathOf(TokenKind.Vpp)
                )
            ),
            Body("nextLink to another loopback address", TokenKind.Vpp, Outcome.Failure, u =>
                PageWithNext(
                    u.TenantRoot.Replace("127.0.0.1", "127.0.0.2", StringComparison.Ordinal) + PathOf(TokenKind.Vpp)
                )
            ),
            Body("nextLink to a file", TokenKind.Ade, Outcome.Failure, _ =>
                PageWithNext("file:///etc/passwd", Ade("a"))
            ),
            Body("nextLink to script", TokenKind.Ade, Outcome.Failure, _ =>
                PageWithNext("javascript:alert(1)", Ade("a"))
            ),
            Body("nextLink relative", TokenKind.Vpp, Outcome.Failure, _ => PageWithNext("?$skiptoken=2")),
            Body("nextLink protocol-relative", TokenKind.Vpp, Outcome.Failure, u =>
                PageWithNext("//" + new Uri(u.Foreign).Authority + PathOf(TokenKind.Vpp))
            ),
            Body("nextLink of 100 KB", TokenKind.Ade, Outcome.Failure, u =>
                PageWithNext($"{u.TenantRoot}{PathOf(TokenKind.Ade)}?$skiptoken={new string('x', 100_000)}", Ade("a"))
            ),
            new("redirect to another host", TokenKind.Vpp, Outcome.Failure, Generated: false, (tenant, u) =>
                tenant.AddFault(SimulatedEndpoint.Vpp, SimulatedFault.Redirect(u.Foreign + PathOf(TokenKind.Vpp)))
            ),
            new("permanent redirect to another host", TokenKind.Apns, Outcome.Failure, Generated: false, (tenant, u) =>
                tenant.AddFault(
                    SimulatedEndpoint.Apns,
                    SimulatedFault.Redirect(u.Foreign + PathOf(TokenKind.Apns), 308)
                )
            ),
            Body("an id of 2 KB", TokenKind.Ade, Outcome.Data, _ => Page(Ade(new string('a', 2048)))),
            Body("an id of key-breaking characters", TokenKind.Ade, Outcome.Data, _ =>
                Page(Ade("a/b\\c#d?e%f|g\u0001h\nnext'quote"))
            ),
            Body("an id with a lone surrogate", TokenKind.Vpp, Outcome.Failure, _ =>
                Page(
                    """{ "id": "\ud800", "state": "valid","""
                        + $$""" "expirationDateTime": "{{Iso(Now.AddDays(200))}}","""
                        + $$""" "lastSyncDateTime": "{{Iso(Now.AddHours(-1))}}" }"""
                )
            ),
            Body("a token name of 1 MB", TokenKind.Ade, Outcome.Data, _ =>
                Page(
                    Ade("huge", $", \"tokenName\": \"{new string('N', 1_000_000)}\"")
                        .Replace("\"tokenName\": \"Corpus ABM\", ", "", StringComparison.Ordinal)
                )
            ),
            Body("markup and line breaks in every text field", TokenKind.Ade, Outcome.Data, _ =>
                Page(
                    Ade(
                        "html",
                        ", \"appleIdentifier\": \"<script>alert(1)</script>\\r\\nBcc: x@evil.example\", "
                            + "\"tokenType\": \"<b>dep</b>\""
                    )
                )
            ),
            Body("property names in another case", TokenKind.Ade, Outcome.Data, _ =>
                Page(Ade("case").Replace("\"tokenName\"", "\"TOKENNAME\"", StringComparison.Ordinal))
            ),
            Body("an empty nextLink", TokenKind.Ade, Outcome.Data, _ => PageWithNext("", Ade("a"))),
        ];

    [Fact]
    public async Task Every_corpus_payload_is_classified_and_none_crashes_or_reads_as_healthy()
    {
        var generated = Generated();
        var handWritten = HandWritten();
        var corpus = generated.Concat(handWritten).ToList();
        await using var foreign = await SimulatedIntune.StartAsync(TimeProvider.System);
        foreign.AddTenant("attacker");
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: corpus.Count);
        for (var i = 0; i < corpus.Count; i++)
        {
            corpus[i].Play(app.Tenant(i), new Urls(app.Intune.GraphUrlFor(app.TenantIds[i]), foreign.BaseUrl));
        }

        var readings = await app.PollAsync();
        var evaluations = await app
            .Services.GetRequiredService<EvaluationService>()
            .EvaluateEachAsync(CancellationToken.None)
            .WaitAsync(TestApp.Patience());

        var verdicts = new List<(Payload Payload, Outcome? Got, string? Problem)>();
        for (var i = 0; i < corpus.Count; i++)
        {
            var (got, problem) = await JudgeAsync(
                app,
                i,
                corpus[i],
                readings[i],
                evaluations.Single(e => e.TenantId == app.TenantIds[i])
            );
            verdicts.Add((corpus[i], got, problem));
        }

        var crashes = verdicts.Count(v => v.Problem?.StartsWith("crash", StringComparison.Ordinal) == true);
        var healthy = verdicts.Count(v => v.Problem?.StartsWith("healthy", StringComparison.Ordinal) == true);
        var classified = verdicts.Count(v => v.Problem is null);
        foreach (var (payload, got, problem) in verdicts)
        {
            output.WriteLine(
                $"{(problem is null ? "ok  " : "FAIL")} {payload.Kind.ToSlug(), -4} {payload.Name}: "
                    + $"{got?.ToString() ?? "-"} {problem}"
            );
        }

        report.Line(
            output,
            $"graph corpus: {corpus.Count} payloads ({generated.Count} generated, {handWritten.Count} "
                + $"hand-written), {classified} classified "
                + $"({verdicts.Count(v => v.Problem is null && v.Got == Outcome.Failure)} read failures, "
                + $"{verdicts.Count(v => v.Problem is null && v.Got == Outcome.NotOk)} judged not ok, "
                + $"{verdicts.Count(v => v.Problem is null && v.Got == Outcome.Data)} kept as data), {crashes} "
                + $"crashes, {healthy} healthy, {foreign.RequestCount} requests to a foreign host"
        );

        Assert.True(corpus.Count >= 50, $"only {corpus.Count} payloads");
        Assert.Equal(corpus.Count, corpus.Select(p => p.Name).Distinct().Count());
        Assert.Equal(0, foreign.RequestCount);
        Assert.All(verdicts, v =>
            Assert.True(v.Problem is null, $"{v.Payload.Kind.ToSlug()} {v.Payload.Name}: {v.Problem}")
        );
    }

    /// <summary>What the payload came to, and why that is not what an admin needs (null: it is).</summary>
    private static async Task<(Outcome? Got, string? Problem)> JudgeAsync(
        TestApp app,
        int tenant,
        Payload payload,
        TenantReading reading,
        TenantEvaluation evaluation
    )
    {
        var now = app.Clock.GetUtcNow();
        if (
            app
                .Logs.GetSnapshot()
                .FirstOrDefault(r =>
                    r.Level >= Microsoft.Extensions.Logging.LogLevel.Error
                    && r.GetStructuredStateValue("TenantId") == app.TenantIds[tenant]
                ) is
            { } error
        )
        {
            return (null, $"crash: logged an error: {error.Message}");
        }

        if (evaluation.Error is { } evaluationError)
        {
            return (null, $"crash: the evaluation failed: {evaluationError}");
        }

        var others = Enum.GetValues<TokenKind>().Where(k => k != payload.Kind).ToList();
        if (reading.Failures.Any(f => f.Kind != payload.Kind) || others.Any(k => !reading.Tokens.Any(t => t.Kind == k)))
        {
            return (null, "crash: the payload spoiled another endpoint of the tenant");
        }

        if (reading.Failures.SingleOrDefault(f => f.Kind == payload.Kind) is { } failure)
        {
            if (
                failure.Message.StartsWith(
                    $"Reading {payload.Kind.ToDisplayName()}s failed: ",
                    StringComparison.Ordinal
                )
            )
            {
                return (Outcome.Failure, $"crash: an exception TokenWatch did not expect: {failure.Message}");
            }

            var known = new[]
            {
                FailureCodes.AuthFailed,
                FailureCodes.PermissionMissing,
                FailureCodes.NotLicensed,
                FailureCodes.Throttled,
                FailureCodes.Unavailable,
                FailureCodes.Timeout,
                FailureCodes.Malformed,
            };
            return !known.Contains(failure.Code) ? (Outcome.Failure, $"unclassified cause '{failure.Code}'")
                : payload.Expected != Outcome.Failure
                    ? (Outcome.Failure, $"expected {payload.Expected}, the read failed: {failure.Message}")
                : (Outcome.Failure, null);
        }

        // What an evaluation sees and what `tokenwatch history` shows: the stored tokens of the endpoint.
        var stored = (await app.StoredAsync(tenant))
            .Tokens.Where(t => t.Observation.Kind == payload.Kind)
            .Select(t => t.Observation)
            .ToList();
        if (stored.Count == 0)
        {
            return (null, "crash: the endpoint was read but nothing was stored");
        }

        var judged = stored.Select(t => (Token: t, Health: app.Rules.Evaluate(t, now))).ToList();
        if (payload.Expected == Outcome.Failure)
        {
            return (
                Outcome.Data,
                judged.Any(j => j.Health.Status == HealthStatus.Ok)
                    ? "healthy: expected a read failure, got "
                        + $"{string.Join(", ", judged.Select(j => $"{j.Token.Key} {j.Health.Status}"))}"
                    : "expected a read failure, got tokens (none ok)"
            );
        }

        if (payload.Expected == Outcome.Data)
        {
            return (Outcome.Data, null);
        }

        if (judged.FirstOrDefault(j => j.Health.Status == HealthStatus.Ok) is { Token: not null } healthy)
        {
            return (
                Outcome.NotOk,
                $"healthy: {healthy.Token.Key} judged ok ({string.Join("; ", healthy.Token.Problems)})"
            );
        }

        var told = evaluation
            .Events.Where(e => e.Kind == AlertEventKind.Entered && e.Token is not null)
            .Select(e => e.Token!.Key)
            .ToHashSet(StringComparer.Ordinal);
        return judged.FirstOrDefault(j => !told.Contains(j.Token.Key)) is { Token: not null } untold
            ? (Outcome.NotOk, $"lost: {untold.Token.Key} is {untold.Health.Status} but admins were not told")
            : (Outcome.NotOk, null);
    }
}
