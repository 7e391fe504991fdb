using TokenWatch.Core.Alerts;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Testing;

/// <summary>
/// What every <see cref="IAlertLedgerStore"/> promises, run against the in-memory store of the Core tests and the
/// Table store on Azurite alike: the policy tests can trust the in-memory one only as far as both keep it.
/// </summary>
public abstract class LedgerStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A store with nothing stored for <paramref name="tenantId"/>.</summary>
    protected abstract Task<IAlertLedgerStore> EmptyStoreAsync(string tenantId);

    [Fact]
    public async Task A_tenant_never_evaluated_has_an_empty_ledger_and_nothing_pending()
    {
        var (store, tenant) = await StartAsync();

        var loaded = await store.LoadAsync(tenant, CancellationToken.None);

        Assert.Equal(AlertJson.Serialize(AlertLedger.Empty), AlertJson.Serialize(loaded.Ledger));
        Assert.Null(loaded.Version);
        Assert.Null(loaded.Pending);
    }

    [Fact]
    public async Task A_commit_stores_the_ledger_and_its_digest_and_a_stale_one_changes_nothing()
    {
        var (store, tenant) = await StartAsync();
        var loaded = await store.LoadAsync(tenant, CancellationToken.None);

        var committed = await store.TryCommitAsync(
            loaded,
            Moved(1),
            Digest(tenant, "d1"),
            null,
            CancellationToken.None
        );
        var stale = await store.TryCommitAsync(loaded, Moved(2), Digest(tenant, "d2"), null, CancellationToken.None);

        Assert.NotNull(committed);
        Assert.Null(stale);
        var reloaded = await store.LoadAsync(tenant, CancellationToken.None);
        Assert.Equal(AlertJson.Serialize(Moved(1)), AlertJson.Serialize(reloaded.Ledger));
        Assert.Equal("d1", reloaded.Pending?.DigestId);
        Assert.NotNull(reloaded.Version);
    }

    [Fact]
    public async Task A_digest_is_leased_once_and_no_longer_pending_once_every_channel_sent_it()
    {
        var (store, tenant) = await StartAsync();
        var pending = (await CommitAsync(store, tenant, "d1")).Pending!;

        var leased = await store.TryLeaseAsync(pending, Now.AddMinutes(5), CancellationToken.None);
        var again = await store.TryLeaseAsync(pending, Now.AddMinutes(5), CancellationToken.None);
        var email = await store.TryRecordAsync(
            leased!,
            leased!.WithChannel(DeliveryChannel.Email, Sent(), Now),
            CancellationToken.None
        );
        var stale = await store.TryRecordAsync(
            leased,
            leased.WithChannel(DeliveryChannel.Teams, Sent(), Now),
            CancellationToken.None
        );
        var teams = await store.TryRecordAsync(
            email!,
            email!.WithChannel(DeliveryChannel.Teams, Sent(), Now) with
            {
                LeaseUntil = null,
            },
            CancellationToken.None
        );

        Assert.Equal(1, leased.Attempts);
        Assert.Null(again);
        Assert.Equal(OutboxStatus.Pending, email.Status); // Teams still owed its part
        Assert.Null(stale);
        Assert.Equal(OutboxStatus.Sent, teams?.Status);
        Assert.Null((await store.LoadAsync(tenant, CancellationToken.None)).Pending);
    }

    [Fact]
    public async Task A_transient_refusal_keeps_the_channel_pending_as_recorded_and_a_permanent_one_closes_it()
    {
        var (store, tenant) = await StartAsync();
        var pending = (await CommitAsync(store, tenant, "d1")).Pending!;
        var throttled = new ChannelDelivery
        {
            Status = OutboxStatus.Pending,
            Events = [0],
            Attempts = 1,
            NextAttemptAt = Now.AddMinutes(2),
            LastError = "Teams answered 429.",
        };

        var leased = await store.TryLeaseAsync(pending, Now.AddMinutes(5), CancellationToken.None);
        var email = await store.TryRecordAsync(
            leased!,
            leased!.WithChannel(DeliveryChannel.Email, Sent(), Now),
            CancellationToken.None
        );
        var throttledEntry = email!.WithChannel(DeliveryChannel.Teams, throttled, Now) with { LeaseUntil = null };
        await store.TryRecordAsync(email, throttledEntry, CancellationToken.None);
        var retry = (await store.LoadAsync(tenant, CancellationToken.None)).Pending;
        var leasedAgain = await store.TryLeaseAsync(retry!, Now.AddMinutes(10), CancellationToken.None);
        var refused = throttled with { Status = OutboxStatus.Failed, Attempts = 2, LastError = "Teams refused (400)." };
        var refusedEntry = leasedAgain!.WithChannel(DeliveryChannel.Teams, refused, Now) with { LeaseUntil = null };
        await store.TryRecordAsync(leasedAgain, refusedEntry, CancellationToken.None);

        Assert.Equal("Teams answered 429.", retry?.LastError);
        var stored = retry!.Channels[DeliveryChannel.Teams];
        Assert.Equal(throttled, stored with { Events = throttled.Events, Accepted = throttled.Accepted });
        Assert.Equal([0], stored.Events);
        Assert.Empty(stored.Accepted);
        Assert.Equal(OutboxStatus.Sent, retry.Channels[DeliveryChannel.Email].Status);
        Assert.Equal(2, leasedAgain.Attempts);
        Assert.Null((await store.LoadAsync(tenant, CancellationToken.None)).Pending);
    }

    [Fact]
    public async Task A_new_digest_supersedes_the_pending_one()
    {
        var (store, tenant) = await StartAsync();
        var first = await CommitAsync(store, tenant, "d1");

        var second = await store.TryCommitAsync(first, Moved(2), Digest(tenant, "d2"), null, CancellationToken.None);

        Assert.Equal("d2", second?.Pending?.DigestId);
        Assert.Equal("d2", (await store.LoadAsync(tenant, CancellationToken.None)).Pending?.DigestId);
        Assert.Null(await store.TryLeaseAsync(first.Pending!, Now.AddMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task An_update_applies_to_the_stored_ledger_and_keeps_the_pending_digest()
    {
        var (store, tenant) = await StartAsync();
        await CommitAsync(store, tenant, "d1");

        await store.UpdateAsync(tenant, ledger => ledger with { ReadKinds = [TokenKind.Apns] }, CancellationToken.None);

        var loaded = await store.LoadAsync(tenant, CancellationToken.None);
        Assert.Equal([TokenKind.Apns], loaded.Ledger.ReadKinds);
        Assert.Equal(Moved(1).Watermark?.At, loaded.Ledger.Watermark?.At);
        Assert.Equal("d1", loaded.Pending?.DigestId);
    }

    private async Task<(IAlertLedgerStore Store, string TenantId)> StartAsync()
    {
        var tenant = Guid.NewGuid().ToString();
        return (await EmptyStoreAsync(tenant), tenant);
    }

    private static async Task<StoredLedger> CommitAsync(IAlertLedgerStore store, string tenant, string digestId)
    {
        var loaded = await store.LoadAsync(tenant, CancellationToken.None);
        return await store.TryCommitAsync(loaded, Moved(1), Digest(tenant, digestId), null, CancellationToken.None)
            ?? throw new InvalidOperationException("The first commit of a tenant was refused.");
    }

    /// <summary>A ledger moved on to the poll <paramref name="hours"/> after the start.</summary>
    private static AlertLedger Moved(int hours) =>
        AlertLedger.Empty with
        {
            Watermark = new PollWatermark(Now.AddHours(hours), [$"run-{hours}"]),
        };

    /// <summary>A pending digest of one event, owed by email and Teams.</summary>
    private static OutboxEntry Digest(string tenant, string digestId) =>
        new()
        {
            DigestId = digestId,
            TenantId = tenant,
            CreatedAt = Now,
            Status = OutboxStatus.Pending,
            Events =
            [
                new AlertEvent
                {
                    Kind = AlertEventKind.MonitoringRestored,
                    Severity = HealthStatus.Ok,
                    At = Now,
                },
            ],
            Channels = new Dictionary<DeliveryChannel, ChannelDelivery>
            {
                [DeliveryChannel.Email] = new() { Status = OutboxStatus.Pending, Events = [0] },
                [DeliveryChannel.Teams] = new() { Status = OutboxStatus.Pending, Events = [0] },
            },
        };

    private static ChannelDelivery Sent() =>
        new()
        {
            Status = OutboxStatus.Sent,
            Events = [0],
            Attempts = 1,
            SentAt = Now,
        };
}
