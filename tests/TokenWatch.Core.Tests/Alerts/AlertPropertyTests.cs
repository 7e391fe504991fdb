using System.Globalization;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Core.Tests.Alerts;

/// <summary>
/// Random token timelines (expiry, sync errors, invalid states, renewals, new owners and certificates, tokens added
/// and removed, endpoints that cannot be read, snoozes, channels that refuse sends), run through the real
/// <see cref="EvaluationService"/> and <see cref="AlertPolicy"/> with email, Teams and webhook routed at random
/// severities, checking what admins would receive on each channel.
/// </summary>
public sealed class AlertPropertyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly MonitoredTenant Tenant = new("t1", "Contoso", ["admins@contoso.com"]);

    /// <summary>0: off; else the lowest severity the channel takes.</summary>
    private static readonly HealthStatus?[] Levels =
    [
        null,
        HealthStatus.Ok,
        HealthStatus.Warning,
        HealthStatus.Critical,
    ];

    /// <summary>One step of a timeline: time passes, something may change, a poll runs, maybe an evaluation.</summary>
    /// <param name="Change">0-5 nothing; 6 ADE sync error on/off; 7 VPP invalid/valid; 8 renew a token; 9 new APNs
    /// certificate; 10 new owner; 11 second VPP token added/removed; 12 ADE stops/resumes syncing; 13 VPP sync
    /// failed/completed.</param>
    /// <param name="Failure">0-2 that endpoint (ADE, VPP, APNs) cannot be read; 3 none can; else all are read.</param>
    /// <param name="Snooze">0 snooze a token; 1 unsnooze it; else leave snoozes alone.</param>
    /// <param name="Refusals">
    /// Which channels refuse in this evaluation, one bit per <see cref="DeliveryChannel"/> (0: none).
    /// </param>
    public sealed record Step(
        int Hours,
        int Change,
        int Target,
        int Failure,
        bool Evaluate,
        int Refusals,
        int Snooze,
        int SnoozeHours
    );

    /// <param name="Teams">An index into <see cref="Levels"/>: Teams off or its lowest severity.</param>
    /// <param name="Webhook">The same for the webhook; email always takes every event.</param>
    public sealed record Timeline(int AdeDays, int VppDays, int ApnsDays, int Teams, int Webhook, Step[] Steps)
    {
        public override string ToString() =>
            $"ADE {AdeDays} d, VPP {VppDays} d, APNs {ApnsDays} d, Teams {Teams}, webhook {Webhook}; "
            + $"steps: {string.Join("; ", Steps.Select(s => s.ToString()))}";

        public IReadOnlyList<ChannelRoute> Routes =>
            [
                new(DeliveryChannel.Email, HealthStatus.Ok),
                .. Levels[Teams] is { } teams
                    ? [new ChannelRoute(DeliveryChannel.Teams, teams)]
                    : Array.Empty<ChannelRoute>(),
                .. Levels[Webhook] is { } webhook
                    ? [new ChannelRoute(DeliveryChannel.Webhook, webhook)]
                    : Array.Empty<ChannelRoute>(),
            ];
    }

    private static readonly Gen<Step> StepGen = Gen.Select(
            Gen.Int[1, 40],
            Gen.Int[0, 13],
            Gen.Int[0, 2],
            Gen.Int[0, 19]
        )
        .SelectMany(a =>
            Gen.Select(
                Gen.Int[0, 4],
                Gen.Int[0, 15],
                Gen.Int[0, 12],
                Gen.Int[1, 96],
                (evaluate, refuses, snooze, hours) =>
                    new Step(
                        a.Item1,
                        a.Item2,
                        a.Item3,
                        a.Item4,
                        evaluate != 0,
                        refuses < 8 ? refuses : 0,
                        snooze,
                        hours
                    )
            )
        );

    private static readonly Gen<Timeline> TimelineGen = Gen.Select(
        Gen.Int[1, 75],
        Gen.Int[1, 400],
        Gen.Int[20, 400],
        Gen.Int[0, 3],
        Gen.Int[0, 3],
        StepGen.Array[1, 40],
        (a, v, p, teams, webhook, s) => new Timeline(a, v, p, teams, webhook, s)
    );

    [Fact]
    public async Task Random_timelines_keep_the_alert_promises()
    {
        await TimelineGen.SampleAsync(async timeline => await new TimelineRun(timeline).RunAsync(), iter: 250);
    }

    /// <summary>
    /// Seeds that once broke a promise, replayed on every run: vpp-2 was removed and added back between two
    /// evaluations, and its stale-sync recovery counted a clean poll from before the removal across a poll that could
    /// not read VPP.
    /// </summary>
    [Theory]
    [InlineData("7pCuW84XzHs1")]
    public async Task Timelines_that_once_broke_a_promise_keep_it(string seed)
    {
        await TimelineGen.SampleAsync(async timeline => await new TimelineRun(timeline).RunAsync(), seed: seed);
    }

    private static readonly Gen<TenantPolicy> PolicyGen = Gen.Select(
        Gen.Int[1, 366].HashSet[0, 8],
        Gen.Int[1, 120],
        Gen.Int[1, 100],
        Gen.Int[1, 200],
        Gen.Int[1, 100],
        Gen.Int[1, 200],
        (milestones, warn, adeWarn, adeCritical, vppWarn, vppCritical) =>
            new TenantPolicy(
                new AlertSettings
                {
                    Milestones = string.Join(",", milestones.Select(m => m.ToString(CultureInfo.InvariantCulture))),
                },
                new HealthThresholds
                {
                    ExpiryWarningDays = warn,
                    AdeSyncWarningHours = adeWarn,
                    AdeSyncCriticalHours = adeCritical,
                    VppSyncWarningHours = vppWarn,
                    VppSyncCriticalHours = vppCritical,
                }
            )
    );

    /// <summary>
    /// The same promises for a tenant with a policy of its own, handed to the evaluation on the tenant (the service
    /// itself holds the global defaults): its milestones are the ones told, its thresholds the ones judged by.
    /// </summary>
    [Fact]
    public async Task Random_timelines_keep_the_alert_promises_under_any_tenant_policy()
    {
        await Gen.Select(TimelineGen, PolicyGen)
            .SampleAsync(async t => await new TimelineRun(t.Item1, t.Item2).RunAsync(), iter: 150);
    }

    /// <summary>Plays one timeline and checks every promise after every evaluation and at the end.</summary>
    private sealed class TimelineRun(Timeline timeline, TenantPolicy? policy = null)
    {
        private readonly AlertSettings _settings = policy?.Alerts ?? new();
        private readonly FakeTimeProvider _clock = new(Start);
        private readonly InMemoryLedgerStore _ledgers = new();
        private readonly InMemoryPollHistory _history = new();
        private readonly Provider _provider = new();
        private readonly RecordingChannel _teams = new(DeliveryChannel.Teams);
        private readonly RecordingChannel _webhook = new(DeliveryChannel.Webhook);
        private readonly MonitoredTenant _tenant = Tenant with { Policy = policy, Routes = timeline.Routes };
        private readonly TokenModel _tokens = new(Start, timeline);
        private readonly List<(
            DateTimeOffset At,
            IReadOnlySet<TokenKind> Read,
            IReadOnlyDictionary<string, TokenObservation> Tokens
        )> _polls = [];
        private readonly List<AlertEvent> _decided = [];
        private readonly List<AlertEvent> _snoozed = [];
        private readonly HealthRules _rules = new(policy?.Health ?? new HealthThresholds());

        public async Task RunAsync()
        {
            // The service holds the global defaults; a tenant policy reaches it on the tenant.
            var global = new AlertSettings();
            var email = new EmailChannel(
                new SubjectOnlyRenderer(_provider.Rendered),
                _provider,
                global,
                NullLogger<EmailChannel>.Instance
            );
            var channels = new IDigestChannel[] { email, _teams, _webhook };
            var evaluation = new EvaluationService(
                new SingleTenantCatalog(_tenant),
                new StoreEvaluationReader(_ledgers, _history),
                _ledgers,
                new AlertPolicy(global, new HealthRules(new HealthThresholds())),
                global,
                channels,
                TestMetrics.Instance,
                new CycleSettings(),
                _clock,
                NullLogger<EvaluationService>.Instance
            );
            foreach (var step in timeline.Steps)
            {
                _clock.Advance(TimeSpan.FromHours(step.Hours));
                _tokens.Apply(step, _clock.GetUtcNow());
                Poll(step.Failure);
                await SnoozeAsync(step);
                if (step.Evaluate)
                {
                    Refuse(step.Refusals);
                    await EvaluateAsync(evaluation);
                }
            }

            // Every channel accepts from now on: whatever was decided must arrive, once the longest back-off is over.
            Refuse(0);
            for (var i = 0; i < 2; i++)
            {
                _clock.Advance(TimeSpan.FromMinutes(_settings.MaxRetryBackoffMinutes + 1));
                await EvaluateAsync(evaluation);
            }

            CheckEverythingDecidedArrivedExactlyOnce();
        }

        private void Refuse(int channels)
        {
            _provider.Refuses = (channels & (1 << (int)DeliveryChannel.Email)) != 0;
            _teams.Refuses = (channels & (1 << (int)DeliveryChannel.Teams)) != 0;
            _webhook.Refuses = (channels & (1 << (int)DeliveryChannel.Webhook)) != 0;
        }

        private IEnumerable<(DeliveryChannel Channel, IReadOnlyList<IReadOnlyList<AlertEvent>> Sent)> Deliveries()
        {
            yield return (DeliveryChannel.Email, _provider.Sent.Select(s => s.Events).ToList());
            yield return (DeliveryChannel.Teams, _teams.Sent);
            yield return (DeliveryChannel.Webhook, _webhook.Sent);
        }

        private void Poll(int failure)
        {
            var at = _clock.GetUtcNow();
            var failed = failure switch
            {
                < 3 => [(TokenKind)failure],
                3 => Enum.GetValues<TokenKind>().ToList(),
                _ => new List<TokenKind>(),
            };
            var read = Enum.GetValues<TokenKind>().Except(failed).ToHashSet();
            var seen = _tokens
                .Observe(at)
                .Where(t => read.Contains(t.Kind))
                .ToDictionary(t => t.Key, StringComparer.Ordinal);
            var previous =
                _polls.Count == 0 ? new Dictionary<string, TokenObservation>() : _polls.Select(p => p.Tokens).Last();
            var stored = previous
                .Values.Where(t => !read.Contains(t.Kind))
                .Concat(seen.Values)
                .ToDictionary(t => t.Key, StringComparer.Ordinal);
            var changes = seen
                .Values.Select(t => new TokenChange(t.Key, t))
                .Concat(
                    previous
                        .Keys.Where(k => read.Contains(previous[k].Kind) && !seen.ContainsKey(k))
                        .Select(k => new TokenChange(k, null))
                )
                .ToList();
            var failures = failed
                .Select(k => new PollFailure(k, FailureCodes.PermissionMissing, "403", FailureFix.GrantPermission))
                .ToList();
            _history.Polls.Add(new PollSnapshot($"run-{_polls.Count:D4}", at, failures, changes));
            _polls.Add((at, read, stored));
        }

        private async Task SnoozeAsync(Step step)
        {
            var key = _tokens.KeyOf(step.Target);
            if (step.Snooze == 0)
            {
                var now = _clock.GetUtcNow();
                await _ledgers.UpdateAsync(
                    Tenant.TenantId,
                    l => l.WithSnooze(key, new Snooze(now.AddHours(step.SnoozeHours), "planned", now)),
                    CancellationToken.None
                );
            }
            else if (step.Snooze == 1)
            {
                await _ledgers.UpdateAsync(Tenant.TenantId, l => l.WithSnooze(key, null), CancellationToken.None);
            }
        }

        private async Task EvaluateAsync(EvaluationService evaluation)
        {
            var now = _clock.GetUtcNow();
            var snoozedBefore = _ledgers
                .Ledger.Snoozes.Where(s => s.Value.Until > now)
                .Select(s => s.Key)
                .ToHashSet(StringComparer.Ordinal);
            var sendsBefore = Deliveries().Select(d => d.Sent.Count).ToList();

            var result = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));

            if (!_provider.Refuses && !_teams.Refuses && !_webhook.Refuses)
            {
                Assert.Null(result.Error);
            }

            AtMostOneDigestPerChannel(sendsBefore);
            _decided.AddRange(result.Events);
            _snoozed.AddRange(result.Snoozed);
            CheckSnoozes(result, snoozedBefore);
            CheckRecoveries(result.Events.Where(e => e.Kind == AlertEventKind.Recovered), now);

            // Idempotence: the same evaluation again decides nothing and leaves the ledger as it was.
            var ledger = AlertJson.Serialize(_ledgers.Ledger);
            var sendsBeforeAgain = Deliveries().Select(d => d.Sent.Count).ToList();
            var again = Assert.Single(await evaluation.EvaluateEachAsync(CancellationToken.None));
            Assert.Empty(again.Events);
            Assert.Empty(again.Snoozed);
            Assert.Equal(ledger, AlertJson.Serialize(_ledgers.Ledger));
            AtMostOneDigestPerChannel(sendsBeforeAgain);
        }

        private void AtMostOneDigestPerChannel(IReadOnlyList<int> sendsBefore) =>
            Assert.All(Deliveries().Zip(sendsBefore), d =>
                Assert.True(
                    d.First.Sent.Count - d.Second <= 1,
                    $"at most one {d.First.Channel} digest per evaluation per tenant"
                )
            );

        /// <summary>
        /// A snoozed token's events are only recorded, unless the token changed in a way that ends the snooze.
        /// </summary>
        private void CheckSnoozes(TenantEvaluation result, HashSet<string> snoozedBefore)
        {
            Assert.DoesNotContain(result.Snoozed, e => e.Token is null || !snoozedBefore.Contains(e.Token.Key));
            foreach (
                var group in result
                    .Events.Where(e => e.Token is not null && snoozedBefore.Contains(e.Token.Key))
                    .GroupBy(e => e.Token!.Key)
            )
            {
                Assert.Contains(group, e =>
                    e.Kind
                        is AlertEventKind.Entered
                            or AlertEventKind.Renewed
                            or AlertEventKind.OwnerChanged
                            or AlertEventKind.TopicChanged
                            or AlertEventKind.TokenRemoved
                );
                Assert.False(
                    _ledgers.Ledger.Snoozes.ContainsKey(group.Key),
                    $"the snooze of {group.Key} should have ended"
                );
            }
        }

        /// <summary>
        /// Recovered only after the last N polls all read the token's endpoint and found the condition gone.
        /// </summary>
        private void CheckRecoveries(IEnumerable<AlertEvent> recoveries, DateTimeOffset now)
        {
            foreach (var recovered in recoveries)
            {
                var key = recovered.Token!.Key;
                var last = _polls.Where(p => p.At <= now).TakeLast(_settings.RecoveryPolls).ToList();
                Assert.True(
                    last.Count == _settings.RecoveryPolls,
                    $"{key} recovered from {recovered.Condition} after only {last.Count} polls"
                );
                foreach (var (at, read, tokens) in last)
                {
                    Assert.True(
                        read.Contains(recovered.Token.Kind),
                        $"{key} recovered from {recovered.Condition} although the poll at {at:O} could not read it"
                    );
                    var reasons = _rules
                        .Evaluate(tokens[key], at)
                        .Reasons.Where(r => r.Status != HealthStatus.Ok)
                        .Select(r => (Condition?)r.Condition)
                        .ToList();
                    Assert.False(
                        reasons.Contains(recovered.Condition)
                            || (recovered.Condition == Condition.Expiring && reasons.Contains(Condition.Expired)),
                        $"{key} recovered from {recovered.Condition} although the poll at {at:O} still saw it"
                    );
                }
            }
        }

        /// <summary>Each channel got every decided event at or above its severity once, and no snoozed event.</summary>
        private void CheckEverythingDecidedArrivedExactlyOnce()
        {
            foreach (var (channel, deliveries) in Deliveries())
            {
                var sent = deliveries.SelectMany(events => events).Select(EventIdentity.Of).ToList();
                var route = _tenant.Routes.SingleOrDefault(r => r.Channel == channel);
                Assert.Equal(sent.Count, sent.Distinct().Count());
                var routed = _decided.Where(e => route?.Takes(e) == true).Select(EventIdentity.Of);
                Assert.Equal(routed.Order(), sent.Order());
                Assert.Empty(_snoozed.Select(EventIdentity.Of).Intersect(sent));
            }
            Assert.DoesNotContain(_ledgers.Outbox.Values, o => o.Status == OutboxStatus.Pending);
            foreach (
                var token in _decided
                    .Where(e => e.Kind == AlertEventKind.Milestone)
                    .GroupBy(e => (e.Token!.Key, e.Token.ExpiresAt))
            )
            {
                var days = token.Select(e => e.MilestoneDays!.Value).ToList();
                Assert.Equal(days.OrderDescending().Distinct(), days); // each milestone once, nearer each time
                Assert.All(days, d => Assert.Contains(d, _settings.MilestoneDays)); // only the tenant's own milestones
            }
        }
    }

    /// <summary>The tokens of the simulated tenant, changed by the steps.</summary>
    private sealed class TokenModel
    {
        private TokenObservation _ade;
        private TokenObservation _vpp;
        private TokenObservation _apns;
        private TokenObservation? _vpp2;
        private DateTimeOffset? _adeStoppedSyncing;
        private int _certificates = 1;
        private int _owners;

        public TokenModel(DateTimeOffset start, Timeline timeline)
        {
            _ade = Tokens.Ade() with { ExpiresAt = start.AddDays(timeline.AdeDays) };
            _vpp = Tokens.Vpp() with { ExpiresAt = start.AddDays(timeline.VppDays) };
            _apns = Tokens.Apns() with { ExpiresAt = start.AddDays(timeline.ApnsDays) };
        }

        public string KeyOf(int target) =>
            target switch
            {
                0 => _ade.Key,
                1 => _vpp.Key,
                _ => _apns.Key,
            };

        public void Apply(Step step, DateTimeOffset now)
        {
            switch (step.Change)
            {
                case 6:
                    _ade = _ade with { SyncErrorCode = _ade.SyncErrorCode == 0 ? 3 : 0 };
                    break;
                case 7:
                    _vpp = _vpp with { State = _vpp.State == "valid" ? "invalid" : "valid" };
                    break;
                case 8 when step.Target == 0:
                    _ade = _ade with { ExpiresAt = now.AddDays(365) };
                    break;
                case 8 when step.Target == 1:
                    _vpp = _vpp with { ExpiresAt = now.AddDays(365), State = "valid" };
                    break;
                case 8:
                    _apns = _apns with { ExpiresAt = now.AddDays(365) };
                    break;
                case 9:
                    _apns = _apns with
                    {
                        TopicId = $"com.apple.mgmt.External.{++_certificates}",
                        ExpiresAt = now.AddDays(365),
                    };
                    break;
                case 10:
                    var owner = $"owner{++_owners}@contoso.com";
                    _ade = step.Target == 0 ? _ade with { AppleId = owner } : _ade;
                    _vpp = step.Target == 1 ? _vpp with { AppleId = owner } : _vpp;
                    _apns = step.Target == 2 ? _apns with { AppleId = owner } : _apns;
                    break;
                case 11:
                    _vpp2 = _vpp2 is null
                        ? Tokens.Vpp() with
                        {
                            Id = "vpp-2",
                            Name = "Second location",
                            ExpiresAt = now.AddDays(100),
                        }
                        : null;
                    break;
                case 12:
                    _adeStoppedSyncing = _adeStoppedSyncing is null ? now : null;
                    break;
                case 13:
                    _vpp = _vpp with { SyncStatus = _vpp.SyncStatus == "completed" ? "failed" : "completed" };
                    break;
            }
        }

        public IEnumerable<TokenObservation> Observe(DateTimeOffset at)
        {
            // Intune syncs ADE and VPP tokens twice a day: the last sync is the latest 12-hour mark.
            var lastSync = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).AddHours(
                at.UtcDateTime.Hour >= 12 ? 12 : 0
            );
            yield return _ade with
            {
                LastSyncAt = _adeStoppedSyncing ?? lastSync,
            };
            yield return _vpp with
            {
                LastSyncAt = lastSync,
            };
            yield return _apns;
            if (_vpp2 is not null)
            {
                yield return _vpp2 with
                {
                    LastSyncAt = lastSync,
                };
            }
        }
    }

    /// <summary>A Teams or webhook endpoint: accepts, or answers 429 with a Retry-After.</summary>
    private sealed class RecordingChannel(DeliveryChannel channel) : IDigestChannel
    {
        public bool Refuses { get; set; }
        public List<IReadOnlyList<AlertEvent>> Sent { get; } = [];
        public DeliveryChannel Channel => channel;

        public Task<ChannelReceipt> SendAsync(Digest digest, IDigestLease lease, CancellationToken cancellationToken)
        {
            if (Refuses)
            {
                throw new DeliveryException($"{channel} answered 429", transient: true)
                {
                    RetryAfter = TimeSpan.FromMinutes(5),
                };
            }

            Sent.Add(digest.Events);
            return Task.FromResult(ChannelReceipt.Accepted);
        }
    }

    /// <summary>The email provider: accepts, or refuses as SendGrid does when throttling (429).</summary>
    private sealed class Provider : INotifier
    {
        public bool Refuses { get; set; }
        public Dictionary<string, IReadOnlyList<AlertEvent>> Rendered { get; } = new(StringComparer.Ordinal);
        public List<(string DigestId, IReadOnlyList<AlertEvent> Events)> Sent { get; } = [];

        public Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
        {
            if (Refuses)
            {
                throw new DeliveryException("SendGrid answered 429: too many requests", transient: true);
            }

            Sent.Add((email.DigestId, Rendered[email.DigestId]));
            return Task.CompletedTask;
        }
    }
}
