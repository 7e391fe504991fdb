using System.Text;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using TokenWatch.Infrastructure.Graph;

namespace TokenWatch.Infrastructure.Tests.Graph;

/// <summary>
/// How the Kiota JSON parse node (the one the Graph client uses) treats values of the wrong type, pinned down so
/// that an SDK update that changes it is noticed, and how TokenWatch's models read the same values.
/// </summary>
public sealed class GraphModelTests
{
    private static async Task<IParseNode> FieldAsync(string json, string field)
    {
        var root = await new JsonParseNodeFactory().GetRootParseNodeAsync(
            "application/json",
            new MemoryStream(Encoding.UTF8.GetBytes(json))
        );
        return root.GetChildNode(field)!;
    }

    private static async Task<DepOnboardingSetting> AdeAsync(string json)
    {
        var root = await new JsonParseNodeFactory().GetRootParseNodeAsync(
            "application/json",
            new MemoryStream(Encoding.UTF8.GetBytes(json))
        );
        return root.GetObjectValue(DepOnboardingSetting.Create)!;
    }

    [Fact]
    public async Task The_SDKs_typed_getters_turn_a_wrong_type_into_null_without_a_word()
    {
        // Why GraphModels does not use them: each of these would lose data silently.
        Assert.Null((await FieldAsync("""{ "f": 12 }""", "f")).GetStringValue());
        Assert.Null((await FieldAsync("""{ "f": "3" }""", "f")).GetIntValue()); // a sync error code sent as text
        Assert.Null((await FieldAsync("""{ "f": { "a": 1 } }""", "f")).GetDateTimeOffsetValue());
        Assert.Null((await FieldAsync("""{ "f": 1767225600 }""", "f")).GetDateTimeOffsetValue());
    }

    [Fact]
    public async Task The_SDKs_int_getter_throws_for_a_number_outside_Int32()
    {
        // Why GraphModels does not use it: thrown inside the page's deserializer, it would lose every token of the
        // endpoint.
        var fraction = await FieldAsync("""{ "f": 3.5 }""", "f");
        var huge = await FieldAsync("""{ "f": 99999999999 }""", "f");

        Assert.Throws<System.Text.Json.JsonException>(() => fraction.GetIntValue());
        Assert.Throws<System.Text.Json.JsonException>(() => huge.GetIntValue());
    }

    [Fact]
    public async Task TokenWatchs_models_read_the_same_values_as_data_with_problems()
    {
        var ade = await AdeAsync(
            """
            { "id": "a", "tokenName": 12, "lastSyncErrorCode": "3", "tokenExpirationDateTime": { "a": 1 },
              "lastSuccessfulSyncDateTime": "2026-05-01T10:00:00+02:00", "tokenType": null, "appleIdentifier": true }
            """
        );

        Assert.Equal("12", ade.TokenName);
        Assert.Equal(3, ade.LastSyncErrorCode);
        Assert.Null(ade.TokenExpirationDateTime);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero), ade.LastSuccessfulSyncDateTime);
        Assert.Null(ade.TokenType);
        Assert.Equal("true", ade.AppleIdentifier);
        Assert.Equal(
            [
                "tokenName is a number where text was expected: '12'",
                "lastSyncErrorCode is text where a number was expected: '3'",
                "tokenExpirationDateTime is an object where a date was expected",
                "appleIdentifier is a boolean where text was expected: 'true'",
            ],
            ade.Problems
        );
    }

    [Fact]
    public async Task A_problem_quotes_at_most_40_characters_of_the_value_on_one_line()
    {
        var ade = await AdeAsync(
            """{ "id": "a", "tokenExpirationDateTime": "line one\r\nline two and then a great deal more text" }"""
        );

        var problem = Assert.Single(ade.Problems);
        Assert.Equal("tokenExpirationDateTime is not a date: 'line one line two and then a great deal…'", problem);
    }
}
