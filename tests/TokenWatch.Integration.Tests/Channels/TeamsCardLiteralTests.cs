using TokenWatch.Core.Conditions;
using TokenWatch.Infrastructure.Notifications.Teams;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// Text from outside stays literal on the Teams card: the official renderer evaluates <c>{{DATE()}}</c> and
/// <c>{{TIME()}}</c> in any text, and a templated card <c>${…}</c>; a token named so must show its name.
/// </summary>
public sealed class TeamsCardLiteralTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tokenwatch-card-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [InlineData("{{DATE(2017-02-14T06:08:39Z, SHORT)}}")]
    [InlineData("{{TIME(2017-02-14T06:08:39Z)}}")]
    [InlineData("{{{DATE(2017-02-14T06:08:39Z, LONG)}}}")]
    [InlineData("${$root.secret} ${DATE(2017-02-14T06:08:39Z)}")]
    public async Task A_token_named_as_a_card_expression_shows_its_name_as_written(string name)
    {
        Assert.True(
            File.Exists(AdaptiveCardPage.Library),
            $"{AdaptiveCardPage.Library} is missing: run npm ci --no-audit --no-fund"
        );
        var digest = DigestSamples.Digest([
            DigestSamples.Entered(
                DigestSamples.Ade(name) with
                {
                    SyncErrorCode = 3,
                    AppleId = name,
                },
                Condition.SyncError
            ),
        ]);

        var shown = await AdaptiveCardNode.RenderTextAsync(TeamsCard.Message(digest), _folder.FullName);

        // What a reader sees: the word joiner that keeps the text literal is invisible.
        var seen = shown.Replace("\u2060", "", StringComparison.Ordinal);
        Assert.Contains($"\"{name}\"", seen, StringComparison.Ordinal);
        Assert.Contains($"Apple ID: {name}", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("2017", seen.Replace(name, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
