using Azure.Data.Tables;
using TokenWatch.Integration.Tests.Graph;
using TokenWatch.Integration.Tests.Support;
using TokenWatch.Simulator;

namespace TokenWatch.Integration.Tests.Reliability;

/// <summary>
/// Graph ids become parts of Table keys. Whatever an id holds (the characters Table keys forbid, TokenWatch's own
/// separator, escapes that look like other ids' escapes, control characters, 2 KB), a poll stores each token in its
/// own tenant's partition under a key of its own, and reads it back as the id it was. TableKeysTests covers the
/// escaping itself; this is the same through the real poll and the real Tables client.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TableKeyEscapeTests(AzuriteFixture azurite)
{
    private static readonly string[] HostileIds =
    [
        "a/b",
        "a%2Fb",
        "a\\b",
        "a#b",
        "a?b",
        "a%b",
        "a|b",
        "ade|x|token|ade|a",
        "..",
        "../../other-tenant",
        "a\u0000b",
        "a\tb\r\nc",
        "a\u007fb",
        "'; drop table --",
        "a' or PartitionKey ne '",
        new string('x', 2048) + "1",
        new string('x', 2048) + "2",
        new string('/', 700),
        "\u202Eevil",
    ];

    [Fact]
    public async Task Hostile_ids_are_stored_in_their_own_partition_under_keys_of_their_own()
    {
        await using var app = await TestApp.StartGraphAsync(azurite, tenants: 2);
        var now = app.Clock.GetUtcNow();
        foreach (var id in HostileIds)
        {
            app.Tenant(0)
                .AdeTokens.Add(
                    new SimulatedAdeToken
                    {
                        Id = id,
                        TokenName = "hostile",
                        TokenExpirationDateTime = now.AddDays(100),
                    }
                );
        }

        await app.PollAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));
        app.Tenant(0).AdeTokens.RemoveAll(t => t.Id.StartsWith('a')); // the seeded "ade-1" too
        await app.PollAsync(); // the removals write history rows keyed by the ids as well

        var rows = new List<TableEntity>();
        await foreach (
            var row in new TableClient(azurite.ConnectionString, "TokenState").QueryAsync<TableEntity>(e =>
                e.PartitionKey == app.TenantIds[0] || e.PartitionKey == app.TenantIds[1]
            )
        )
        {
            rows.Add(row);
        }

        var tokens = rows.Where(r =>
                r.PartitionKey == app.TenantIds[0] && r.RowKey.StartsWith("token|ade|", StringComparison.Ordinal)
            )
            .ToList();
        var kept = HostileIds.Where(id => !id.StartsWith('a')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(kept, tokens.Select(r => r.GetString("TokenId")).Order(StringComparer.Ordinal));
        Assert.Equal(tokens.Count, tokens.Select(r => r.RowKey).Distinct().Count());
        Assert.Equal(
            3,
            rows.Count(r =>
                r.PartitionKey == app.TenantIds[1]
                && r.RowKey.StartsWith("token|", StringComparison.Ordinal)
                && r.RowKey != "token|!head"
            )
        );
        Assert.All(rows, r =>
        {
            Assert.True(r.RowKey.Length <= 1024, $"a row key of {r.RowKey.Length} characters");
            Assert.DoesNotContain(r.RowKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        });
        var history = rows.Where(r =>
                r.PartitionKey == app.TenantIds[0] && r.RowKey.StartsWith("hist|", StringComparison.Ordinal)
            )
            .ToList();
        Assert.Equal(
            HostileIds.Count(id => id.StartsWith('a')) + 1,
            history.Count(r => r.GetString("Change") == "removed")
        );
        Assert.Equal(HostileIds.Length + 3, history.Count(r => r.GetString("Change") == "added"));
        Assert.Equal(kept.Count + 2, (await app.StoredAsync(0)).Tokens.Count);
    }
}
