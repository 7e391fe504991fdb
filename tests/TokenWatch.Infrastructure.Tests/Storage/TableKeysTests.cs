using TokenWatch.Infrastructure.Storage;

namespace TokenWatch.Infrastructure.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("plain-id", "plain-id")]
    [InlineData("a/b\\c#d?e", "a%2Fb%5Cc%23d%3Fe")]
    [InlineData("50%|x", "50%25%7Cx")]
    [InlineData("line\nbreak\u0000", "line%0Abreak%00")]
    public void Characters_tables_forbid_or_TokenWatch_uses_are_escaped(string id, string key) =>
        Assert.Equal(key, TableKeys.Escape(id));

    [Fact]
    public void A_long_id_becomes_a_bounded_key_that_still_tells_ids_apart()
    {
        var first = new string('x', 2048) + "1";
        var second = new string('x', 2048) + "2";

        var a = TableKeys.Escape(first);
        var b = TableKeys.Escape(second);

        Assert.True(a.Length <= TableKeys.MaxPartLength, $"{a.Length} characters");
        Assert.NotEqual(a, b);
        Assert.Equal(a, TableKeys.Escape(first));
    }

    [Fact]
    public void A_long_id_of_escaped_characters_is_never_cut_inside_an_escape()
    {
        var key = TableKeys.Escape(new string('/', 500));

        Assert.True(key.Length <= TableKeys.MaxPartLength);
        var head = key[..key.LastIndexOf('~')];
        Assert.Matches("^(%2F)+$", head);
    }
}
