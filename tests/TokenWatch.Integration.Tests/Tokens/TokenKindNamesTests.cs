using System.Text.Json.Nodes;
using TokenWatch.Cli;
using TokenWatch.Core.Tokens;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Tokens;

/// <summary>The names of the kinds where admins and their tools meet them: the CLI and the webhook schema.</summary>
public sealed class TokenKindNamesTests
{
    [Fact]
    public void The_cli_takes_dep_for_an_ade_token_and_stores_it_as_ade()
    {
        using var stderr = new StringWriter();

        Assert.Equal("ade:9b3c1f7e", CliTargets.ParseTokenKey("dep:9b3c1f7e", stderr));
        Assert.Equal("ade:9b3c1f7e", CliTargets.ParseTokenKey("ADE:9b3c1f7e", stderr));
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void The_cli_names_every_kind_when_it_refuses_one()
    {
        using var stderr = new StringWriter();

        Assert.Null(CliTargets.ParseTokenKey("abm:9b3c1f7e", stderr));
        Assert.Contains($"(kinds: {TokenKinds.SlugList}).", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_webhook_schema_names_exactly_the_described_kinds()
    {
        var schemas = Directory.GetFiles(Path.Combine(Snapshot.RepositoryRoot, "docs", "webhook"), "*.schema.json");
        var enums = schemas
            .SelectMany(path => KindEnums(JsonNode.Parse(File.ReadAllText(path))!))
            .Select(e => e.Select(v => v!.GetValue<string>()).ToList())
            .ToList();

        Assert.NotEmpty(enums);
        Assert.All(enums, e => Assert.Equal(TokenKinds.All.Select(d => d.Slug), e));
    }

    /// <summary>
    /// Every <c>"kind": { "enum": [...] }</c> below a <c>"token"</c> (an event's own kind is another).
    /// </summary>
    private static IEnumerable<JsonArray> KindEnums(JsonNode node, bool inToken = false) =>
        node switch
        {
            JsonObject o => o.SelectMany(p =>
                inToken && p.Key == "kind" && p.Value?["enum"] is JsonArray values ? [values]
                : p.Value is null ? []
                : KindEnums(p.Value, inToken || p.Key == "token")
            ),
            JsonArray a => a.Where(v => v is not null).SelectMany(v => KindEnums(v!, inToken)),
            _ => [],
        };
}
