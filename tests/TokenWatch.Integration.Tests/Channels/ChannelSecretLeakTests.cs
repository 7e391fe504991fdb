using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TokenWatch.Core.Cycle;
using TokenWatch.Functions;
using TokenWatch.Infrastructure.Storage;
using TokenWatch.Integration.Tests.Support;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// A receiver that echoes the Teams URL back, in any form and at any place in its answer: redacted before the answer
/// is cut, so no part of the signature reaches the digest's error, a log or a stored row.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class ChannelSecretLeakTests(AzuriteFixture azurite)
{
    private const string Signature = "Zk9yZWFsLW5vdC1hLXJlYWwtc2lnbmF0dXJl";
    private const string Query = "?sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature;

    public static TheoryData<string> Echoes =>
        [
            "url-across-the-500-cut",
            "url-across-the-read-limit",
            "sig-value-alone",
            "percent-decoded-url",
            "percent-encoded-url",
            "json-escaped-url",
        ];

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task No_part_of_the_signature_leaves_through_a_refusal_whatever_form_the_receiver_echoes(string echo)
    {
        await using var teams = await FakeEndpoint.StartAsync(query: Query);
        await using var app = await TestApp.StartAsync(
            azurite,
            configure: s => ChannelSettings.Teams(s, teams.Url),
            services: s => s.AddFakeLogging().AddLogging(l => l.SetMinimumLevel(LogLevel.Trace))
        );
        app.Tenant().OneOfEach(app.Clock.GetUtcNow(), vppState: "invalid");
        teams.Respond(400, Answer(echo, teams.Url));

        await app.Create<PollTokens>().RunAsync(new(), CancellationToken.None);
        var evaluation = app.Services.GetRequiredService<EvaluationService>();
        var result = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));

        Assert.Equal([400], teams.Requests.Select(r => r.Status));
        Assert.StartsWith("Teams refused the digest (400): ", result.Error, StringComparison.Ordinal);
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        var rows = await app.RowsAsync(TableStorage.TokenStateTable);
        var everything =
            string.Join("\n", logs.Select(l => l.Message + " " + l.Exception))
            + result.Error
            + string.Join("\n", rows.SelectMany(r => r).Select(p => p.Value?.ToString()));
        // Any 8 characters in a row of the signature would be a leak of it.
        for (var i = 0; i + 8 <= Signature.Length; i++)
        {
            Assert.DoesNotContain(Signature.Substring(i, 8), everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Answer(string echo, string url) =>
        echo switch
        {
            // The 500-character cut lands in the middle of the signature, 18 characters before the URL's end.
            "url-across-the-500-cut" => new string('x', 499 - url.Length + 18) + " " + url,
            "url-across-the-read-limit" => new string('x', 16 * 1024 - url.Length + 18) + " " + url,
            "sig-value-alone" => $"signature {Signature} is not valid for this flow",
            "percent-decoded-url" => "No flow at " + Uri.UnescapeDataString(url),
            "percent-encoded-url" => "redirect_uri=" + Uri.EscapeDataString(url),
            "json-escaped-url" => "{\"url\":" + System.Text.Json.JsonSerializer.Serialize(url) + "}",
            _ => throw new ArgumentOutOfRangeException(nameof(echo)),
        };
}
