using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TokenWatch.Core.Alerts;
using TokenWatch.Core.Conditions;
using TokenWatch.Core.Cycle;
using TokenWatch.Core.Health;
using TokenWatch.Core.Notifications;
using TokenWatch.Core.Polling;
using TokenWatch.Core.Tenants;
using TokenWatch.Core.Tests.Alerts;
using TokenWatch.Core.Tests.Polling;
using TokenWatch.Core.Tokens;
using Xunit.Abstractions;

namespace TokenWatch.Core.Tests.Soak;

/// <summary>
/// 400 simulated days of 50 tenants through the real <see cref="EvaluationService"/>, <see cref="AlertPolicy"/>,
/// <see cref="HealthRules"/> and <see cref="DigestComposer"/>, with the storage edge in memory (the Table store's
/// contract: version-guarded writes) so that a year fits in seconds. Every tenant's tokens live random lives:
/// they near expiry and are renewed (some late), fall into sync errors, go invalid, stop syncing, change owner or
/// push topic, disappear and come back; Graph fails reads at random (single endpoints, whole-tenant outages of
/// several polls) and the email provider refuses sends at random (429 and 5xx) and for whole outages.
/// After every evaluation the alert promises are checked; the real-storage soak (Azurite, the simulator, the
/// SendGrid client) runs a shorter stretch in the integration tests.
/// </summary>
public sealed class AlertSoakTests(ReliabilityReport report, ITestOutputHelper output)
    : IClassFixture<ReliabilityReport>
{
    public const int Seed = 20_261_125;
    private const int Days = 400;
    private const int Tenants = 50;

    /// <summary>Polls a day, each followed by an evaluation: every 6 hours.</summary>
    private const int PollsPerDay = 4;

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Four_hundred_days_of_fifty_tenants_keep_every_alert_promise()
    {
        var totals = new SoakTotals();
        var runs = Enumerable.Range(0, Tenants).Select(i => new TenantSoak(i, new Random(Seed + i), totals)).ToList();
        foreach (var run in runs)
        {
            await run.RunAsync();
        }

        report.Line(
            output,
            $"core soak (seed {Seed}): {Days} days x {Tenants} tenants, {totals.Polls} polls, "
                + $"{totals.Evaluations} evaluations, "
                + $"{totals.GraphFaults} Graph read faults and {totals.SendFaults} refused sends injected, "
                + $"{totals.TokenChanges} token changes; "
                + $"alerts expected {totals.Expected}, delivered {totals.Delivered}, duplicated "
                + $"{totals.Duplicated}, lost {totals.Lost}; "
                + $"{totals.Emails} emails, {totals.Recoveries} recoveries checked against "
                + $"{new AlertSettings().RecoveryPolls} clean polls, {totals.MonitoringFailed} "
                + "monitoring-failed alerts"
        );

        Assert.Equal(0, totals.Duplicated);
        Assert.Equal(0, totals.Lost);
        Assert.Equal(totals.Expected, totals.Delivered);
        Assert.True(
            totals.Expected > 1000
                && totals.GraphFaults > 1000
                && totals.SendFaults > 1000
                && totals.MonitoringFailed > 10,
            $"the soak exercised too little: {totals.Expected} alerts, {totals.GraphFaults} read faults, "
                + $"{totals.SendFaults} refused sends, {totals.MonitoringFailed} monitoring-failed"
        );
    }

    private sealed class SoakTotals
    {
        public int Polls;
        public int Evaluations;
        public int GraphFaults;
        public int SendFaults;
        public int TokenChanges;
        public int Expected;
        public int Delivered;
        public int Duplicated;
        public int Lost;
        public int Emails;
        public int Recoveries;
        public int MonitoringFailed;
    }

    /// <summary>One tenant's 400 days: its tokens, its Graph, its provider, its stores, and the checks.</summary>
    private sealed class TenantSoak
    {
        private readonly Random _random;
        private readonly SoakTotals _totals;
        private readonly MonitoredTenant _tenant;
        private readonly FakeTimeProvider _clock = new(Start);
        private readonly AlertSettings _settings = new();
        private readonly HealthRules _rules = new(new HealthThresholds());
        private readonly InMemoryLedgerStore _ledgers = new();
        private readonly SoakPollHistory _history = new();
        private readonly Provider _provider;
        private readonly EvaluationService _evaluation;
        private readonly List<SoakToken> _tokens = [];
        private readonly List<(
            DateTimeOffset At,
            HashSet<TokenKind> Read,
            Dictionary<string, TokenObservation> Tokens
        )> _polls = [];
        private readonly StoredTokens _stored = new();
        private readonly HashSet<string> _decided = new(StringComparer.Ordinal);
        private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
        private int _outagePolls;
        private int _sendOutage;
        private int _nextId;

        public TenantSoak(int index, Random random, SoakTotals totals)
        {
            _random = random;
            _totals = totals;
            _tenant = new MonitoredTenant($"tenant-{index:D2}", $"Tenant {index}", ["admins@contoso.example"]);
            _provider = new Provider();
            var email = new EmailChannel(
                new SubjectOnlyRenderer(_provider.Rendered),
                _provider,
                _settings,
                NullLogger<EmailChannel>.Instance
            );
            _evaluation = new EvaluationService(
                new SingleTenantCatalog(_tenant),
                new StoreEvaluationReader(_ledgers, _history),
                _ledgers,
                new AlertPolicy(_settings, _rules),
                _settings,
                [email],
                TestMetrics.Instance,
                new CycleSettings(),
                _clock,
                NullLogger<EvaluationService>.Instance
            );
            for (var i = 0; i < 1 + _random.Next(2); i++)
            {
                _tokens.Add(NewToken(TokenKind.Ade));
            }

            for (var i = 0; i < 1 + _random.Next(2); i++)
            {
                _tokens.Add(NewToken(TokenKind.Vpp));
            }

            _tokens.Add(NewToken(TokenKind.Apns));
        }

        public async Task RunAsync()
        {
            for (var step = 0; step < Days * PollsPerDay; step++)
            {
                _clock.Advance(TimeSpan.FromHours(24 / PollsPerDay));
                Live();
                Poll();
                await EvaluateAsync();
            }

            // The provider accepts from now on: whatever was decided must arrive, once.
            _sendOutage = 0;
            for (var i = 0; i < 2; i++)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                await EvaluateAsync(refuse: false);
            }

            _totals.Expected += _decided.Count;
            _totals.Delivered += _decided.Count(_delivered.Contains);
            _totals.Lost += _decided.Count(d => !_delivered.Contains(d));
            Assert.DoesNotContain(_ledgers.Outbox.Values, o => o.Status == OutboxStatus.Pending);
        }

        private SoakToken NewToken(TokenKind kind)
        {
            var id = kind == TokenKind.Apns ? "apns" : $"{kind.ToSlug()}-{++_nextId}";
            return new SoakToken(kind, id, _clock.GetUtcNow().AddDays(_random.Next(5, 400)), _random.Next(-5, 45));
        }

        /// <summary>A quarter of a day of token life.</summary>
        private void Live()
        {
            var now = _clock.GetUtcNow();
            foreach (var token in _tokens.ToList())
            {
                var changed = true;
                var roll = _random.NextDouble();
                if (token.Expires - now < TimeSpan.FromDays(token.RenewDaysBefore))
                {
                    token.Expires = now.AddDays(365);
                    token.RenewDaysBefore = _random.Next(-5, 45);
                    token.SyncError = 0;
                    token.State = "valid";
                }
                else if (roll < 0.004)
                {
                    token.SyncError = token.SyncError == 0 ? (_random.Next(2) == 0 ? 3 : 9) : 0;
                }
                else if (roll < 0.008 && token.Kind == TokenKind.Vpp)
                {
                    token.State = token.State == "valid" ? "invalid" : "valid";
                }
                else if (roll < 0.011 && token.Kind == TokenKind.Vpp)
                {
                    token.SyncStatus = token.SyncStatus == "completed" ? "failed" : "completed";
                }
                else if (roll < 0.014 && token.Kind == TokenKind.Ade)
                {
                    token.StoppedSyncing = token.StoppedSyncing is null ? now : null;
                }
                else if (roll < 0.0155)
                {
                    token.Owner++;
                }
                else if (roll < 0.0160 && token.Kind == TokenKind.Apns)
                {
                    token.Topic++;
                    token.Expires = now.AddDays(365);
                }
                else if (roll < 0.0170 && token.Kind != TokenKind.Apns)
                {
                    _tokens.Remove(token);
                }
                else if (roll < 0.0180 && token.Kind != TokenKind.Apns)
                {
                    _tokens.Add(NewToken(token.Kind));
                }
                else
                {
                    changed = false;
                }

                // A token in error for a while is usually fixed.
                if (token.SyncError != 0 && _random.NextDouble() < 0.08)
                {
                    token.SyncError = 0;
                }

                _totals.TokenChanges += changed ? 1 : 0;
            }
        }

        private void Poll()
        {
            var at = _clock.GetUtcNow();
            var failed = new HashSet<TokenKind>();
            if (_outagePolls > 0)
            {
                _outagePolls--;
                failed.UnionWith(Enum.GetValues<TokenKind>());
            }
            else if (_random.NextDouble() < 0.004)
            {
                _outagePolls = _random.Next(1, 12);
                failed.UnionWith(Enum.GetValues<TokenKind>());
            }
            else
            {
                failed.UnionWith(Enum.GetValues<TokenKind>().Where(_ => _random.NextDouble() < 0.03));
            }

            _totals.GraphFaults += failed.Count;
            var codes = new[]
            {
                FailureCodes.Throttled,
                FailureCodes.Unavailable,
                FailureCodes.PermissionMissing,
                FailureCodes.Malformed,
                FailureCodes.AuthFailed,
            };
            var failures = failed
                .Select(k => new PollFailure(
                    k,
                    codes[_random.Next(codes.Length)],
                    "Graph refused the read.",
                    FailureFix.ReadFailed
                ))
                .ToList();
            var read = Enum.GetValues<TokenKind>().Except(failed).ToHashSet();
            var observed = _tokens.Select(t => t.Observe(_tenant.TenantId, at)).ToList();

            // Only changes are stored, as the Table store writes history rows; a failed endpoint keeps its last good
            // state.
            var changes = _stored.Record(new TenantReading(_tenant.TenantId, at, observed, failures));
            _history.Add(new PollSnapshot($"run-{_polls.Count:D5}", at, failures, changes));
            _polls.Add((at, read, new Dictionary<string, TokenObservation>(_stored.Tokens, StringComparer.Ordinal)));
            _totals.Polls++;
        }

        private async Task EvaluateAsync(bool refuse = true)
        {
            var now = _clock.GetUtcNow();
            if (refuse && _sendOutage == 0 && _random.NextDouble() < 0.005)
            {
                _sendOutage = _random.Next(2, 12);
            }

            _provider.Refusal =
                !refuse ? null
                : _sendOutage > 0 ? (_sendOutage--, 503).Item2
                : _random.NextDouble() < 0.05 ? (_random.Next(2) == 0 ? 429 : 500)
                : null;
            var sendsBefore = _provider.Sent.Count;
            var refusedBefore = _provider.Refused;

            var result = Assert.Single(await _evaluation.EvaluateEachAsync(CancellationToken.None));
            _totals.Evaluations++;
            _totals.SendFaults += _provider.Refused - refusedBefore;

            Assert.True(_provider.Sent.Count - sendsBefore <= 1, "more than one email in one evaluation");
            Assert.True(
                result.Error is null || _provider.Refusal is not null,
                $"evaluation failed with the provider accepting: {result.Error}"
            );
            foreach (var e in result.Events)
            {
                Assert.True(_decided.Add(EventIdentity.Of(e)), $"decided twice: {EventIdentity.Of(e)}");
            }

            _totals.MonitoringFailed += result.Events.Count(e => e.Kind == AlertEventKind.MonitoringFailed);
            foreach (var sent in _provider.Sent.Skip(sendsBefore))
            {
                _totals.Emails++;
                foreach (var identity in sent.Select(EventIdentity.Of))
                {
                    if (!_delivered.Add(identity))
                    {
                        _totals.Duplicated++;
                    }
                }
            }

            // Nothing decided is lost on the way: it was delivered, or it waits in the outbox for the next evaluation.
            var pending = _ledgers
                .Outbox.Values.Where(o => o.Status == OutboxStatus.Pending)
                .SelectMany(o => o.Events)
                .Select(EventIdentity.Of)
                .ToHashSet(StringComparer.Ordinal);
            var missing = _decided.Where(d => !_delivered.Contains(d) && !pending.Contains(d)).ToList();
            Assert.True(
                missing.Count == 0,
                $"{_tenant.TenantId} at {now:O}: decided but neither sent nor pending: "
                    + $"{string.Join("; ", missing.Take(3))}"
            );

            CheckRecoveries(result.Events.Where(e => e.Kind == AlertEventKind.Recovered), now);
            CheckCriticalConditionsAreTold(now);
        }

        /// <summary>
        /// Recovered only after the last N polls all read the token's endpoint and found the condition gone.
        /// </summary>
        private void CheckRecoveries(IEnumerable<AlertEvent> recoveries, DateTimeOffset now)
        {
            foreach (var recovered in recoveries)
            {
                _totals.Recoveries++;
                var key = recovered.Token!.Key;
                var last = _polls.Where(p => p.At <= now).TakeLast(_settings.RecoveryPolls).ToList();
                Assert.Equal(_settings.RecoveryPolls, last.Count);
                foreach (var (at, read, tokens) in last)
                {
                    Assert.True(
                        read.Contains(recovered.Token.Kind),
                        $"{key} recovered from {recovered.Condition} although the poll at {at:O} could not read it"
                    );
                    var codes = _rules
                        .Evaluate(tokens[key], at)
                        .Reasons.Where(r => r.Status != HealthStatus.Ok)
                        .Select(r => (Condition?)r.Condition)
                        .ToList();
                    Assert.False(
                        codes.Contains(recovered.Condition)
                            || (recovered.Condition == Condition.Expiring && codes.Contains(Condition.Expired)),
                        $"{key} recovered from {recovered.Condition} although the poll at {at:O} still saw it"
                    );
                }
            }
        }

        /// <summary>
        /// An oracle apart from the events: every critical condition of a token the last poll read is in the ledger as
        /// told (a stale sync is not told while the token has a sync error or has expired: it is their symptom).
        /// </summary>
        private void CheckCriticalConditionsAreTold(DateTimeOffset now)
        {
            var (_, read, tokens) = _polls[^1];
            var ledger = _ledgers.Ledger;
            foreach (var token in tokens.Values.Where(t => read.Contains(t.Kind) && !t.NotConfigured))
            {
                var conditions = OpenConditions.Of(_rules.Evaluate(token, now));
                foreach (var (code, _) in conditions.Where(c => c.Value.Status == HealthStatus.Critical))
                {
                    if (
                        code == Condition.SyncStale
                        && (conditions.ContainsKey(Condition.SyncError) || conditions.ContainsKey(Condition.Expired))
                    )
                    {
                        continue;
                    }

                    Assert.True(
                        ledger.Tokens.TryGetValue(token.Key, out var known) && known.Alerts.ContainsKey(code.Code()),
                        $"{_tenant.TenantId} {token.Key} is critical ({code}) at {now:O} but admins were not told"
                    );
                }
            }
        }
    }

    /// <summary>A token as Graph would report it, changed by the soak.</summary>
    private sealed class SoakToken(TokenKind kind, string id, DateTimeOffset expires, int renewDaysBefore)
    {
        public TokenKind Kind { get; } = kind;
        public string Id { get; } = id;
        public DateTimeOffset Expires { get; set; } = expires;
        public int RenewDaysBefore { get; set; } = renewDaysBefore;
        public int SyncError { get; set; }
        public string State { get; set; } = "valid";
        public string SyncStatus { get; set; } = "completed";
        public DateTimeOffset? StoppedSyncing { get; set; }
        public int Owner { get; set; }
        public int Topic { get; set; }

        public TokenObservation Observe(string tenantId, DateTimeOffset at)
        {
            // Intune syncs ADE and VPP tokens twice a day: the last sync is the latest 12-hour mark.
            var lastSync = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).AddHours(
                at.UtcDateTime.Hour >= 12 ? 12 : 0
            );
            return new TokenObservation
            {
                TenantId = tenantId,
                Kind = Kind,
                Id = Id,
                Name = $"{Kind.ToDisplayName()} {Id}",
                AppleId = $"owner{Owner}@contoso.example",
                ExpiresAt = Expires,
                LastSyncAt = Kind == TokenKind.Apns ? null : StoppedSyncing ?? lastSync,
                SyncErrorCode = Kind == TokenKind.Ade ? SyncError : null,
                State = Kind == TokenKind.Vpp ? State : null,
                SyncStatus = Kind == TokenKind.Vpp ? SyncStatus : null,
                TopicId = Kind == TokenKind.Apns ? $"com.apple.mgmt.External.{Topic}" : null,
            };
        }
    }

    /// <summary>
    /// Polls as the poll store keeps them, read back after a watermark (an index, not a scan: a year is long).
    /// </summary>
    private sealed class SoakPollHistory : IPollHistory
    {
        private readonly List<PollSnapshot> _polls = [];

        public void Add(PollSnapshot poll) => _polls.Add(poll);

        public Task<PollActivity> LoadSinceAsync(
            string tenantId,
            PollWatermark? since,
            CancellationToken cancellationToken
        )
        {
            var from = since is null ? 0 : _polls.FindLastIndex(p => p.At <= since.At) + 1;
            return Task.FromResult(new PollActivity(_polls.Skip(Math.Max(from, 0)).ToList(), [], false));
        }
    }

    /// <summary>
    /// The email provider: accepts, or refuses as SendGrid does when throttling (429) or failing (5xx).
    /// </summary>
    private sealed class Provider : INotifier
    {
        public int? Refusal { get; set; }
        public int Refused { get; private set; }
        public Dictionary<string, IReadOnlyList<AlertEvent>> Rendered { get; } = new(StringComparer.Ordinal);
        public List<IReadOnlyList<AlertEvent>> Sent { get; } = [];

        public Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
        {
            if (Refusal is { } status)
            {
                Refused++;
                throw new DeliveryException($"SendGrid answered {status}.", transient: true);
            }

            Sent.Add(Rendered[email.DigestId]);
            return Task.CompletedTask;
        }
    }
}
