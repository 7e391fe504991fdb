namespace TokenWatch.Core.Enrollment;

/// <summary>
/// Folds a token's device rows, page by page, into the aggregates of an <see cref="EnrollmentScan"/>: memory stays
/// the same whether the token has 20 devices or 50,000 (counts, at most <see cref="MaxPlatforms"/> platforms and
/// <see cref="EnrollmentSamples.Max"/> serials per problem). Unknown enrollment states, platforms and unreadable rows
/// are counted, never dropped.
/// </summary>
public sealed class EnrollmentTally(string tenantId, string tokenId, DateTimeOffset now, TimeSpan unassignedAfter)
{
    /// <summary>
    /// Distinct platforms kept by name; Apple has a handful, more is a broken answer, pooled as "other".
    /// </summary>
    public const int MaxPlatforms = 16;

    private const int MaxProblemLines = 10;

    /// <summary>
    /// Apple serials are 10 to 12 characters; a longer one is cut, so a hostile value brings no bulk.
    /// </summary>
    private const int MaxSerialLength = 40;

    private readonly Dictionary<string, int> _states = EnrollmentStates.All.ToDictionary(s => s, _ => 0);
    private readonly Dictionary<string, PlatformTally> _platforms = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _unassigned = [];
    private readonly List<string> _failed = [];
    private readonly List<string> _blocked = [];
    private readonly List<string> _problems = [];
    private int _devices;
    private int _deleted;
    private int _withoutProfile;
    private int _unassignedCount;
    private int _problemCount;
    private DateTimeOffset? _oldestWithoutProfile;

    /// <summary>The platforms seen so far: the scan reads a default profile for each of them, and no other.</summary>
    public IReadOnlyList<string> Platforms => _platforms.Keys.ToList();

    public void Add(ImportedDevice device, IReadOnlyList<string> problems)
    {
        _devices++;
        foreach (var problem in problems)
        {
            Problem($"device {Serial(device)}: {problem}");
        }

        if (device.IsDeleted)
        {
            _deleted++;
            return;
        }

        var state = EnrollmentStates.Of(device.EnrollmentState);
        _states[state]++;
        Sample(
            state == EnrollmentStates.Failed ? _failed
                : state == EnrollmentStates.Blocked ? _blocked
                : null,
            device
        );
        var platform = PlatformOf(device.Platform);
        platform.Devices++;
        if (device.WithoutProfile)
        {
            AddWithoutProfile(device, state, platform);
        }
    }

    private void AddWithoutProfile(ImportedDevice device, string state, PlatformTally platform)
    {
        _withoutProfile++;
        platform.WithoutProfile++;
        if (device.LastContactedAt is not null || state is EnrollmentStates.Enrolled or EnrollmentStates.Failed)
        {
            platform.ContactedWithoutProfile++;
        }

        Sample(platform.WithoutProfileSamples, device);
        if (device.CreatedAt is { } created && (_oldestWithoutProfile is null || created < _oldestWithoutProfile))
        {
            _oldestWithoutProfile = created;
        }

        if (IsUnassigned(device, state))
        {
            _unassignedCount++;
            Sample(_unassigned, device);
        }
    }

    /// <summary>Something about the answer, not a device (e.g. a default profile that could not be read).</summary>
    public void Problem(string problem)
    {
        _problemCount++;
        if (_problems.Count < MaxProblemLines)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>
    /// The complete scan, with whether each platform has a default profile (<paramref name="defaults"/>; a platform
    /// missing from it is not known).
    /// </summary>
    public EnrollmentScan Finish(IReadOnlyDictionary<string, bool> defaults)
    {
        var platforms = _platforms
            .Values.OrderBy(p => p.Platform, StringComparer.OrdinalIgnoreCase)
            .Select(p => new PlatformProfile(
                p.Platform,
                p.Devices,
                p.WithoutProfile,
                defaults.TryGetValue(p.Platform, out var has) ? has : null,
                p.ContactedWithoutProfile
            ))
            .ToList();
        var missing = _platforms.Values.Where(p => defaults.TryGetValue(p.Platform, out var has) && !has).ToList();
        return new EnrollmentScan
        {
            TenantId = tenantId,
            TokenId = tokenId,
            ScannedAt = now,
            Devices = _devices,
            Deleted = _deleted,
            States = new Dictionary<string, int>(_states),
            Platforms = platforms,
            WithoutProfile = _withoutProfile,
            OldestWithoutProfileSince = _oldestWithoutProfile,
            Unassigned = _unassignedCount,
            NoDefaultProfileDevices = missing.Sum(p => p.WithoutProfile),
            Samples = Samples(missing),
            Problems =
                _problemCount > _problems.Count
                    ? [.. _problems, $"and {_problemCount - _problems.Count} more problems"]
                    : [.. _problems],
        };
    }

    private EnrollmentSamples Samples(IEnumerable<PlatformTally> withoutDefault) =>
        new()
        {
            Unassigned = [.. _unassigned],
            Failed = [.. _failed],
            Blocked = [.. _blocked],
            NoDefaultProfile = withoutDefault
                .SelectMany(p => p.WithoutProfileSamples)
                .Take(EnrollmentSamples.Max)
                .ToList(),
        };

    /// <summary>
    /// Synced more than the setting's hours ago, never in touch with Intune, no profile: Apple handed the device over
    /// and nothing will set it up. A device without a sync time cannot be judged old and is not counted.
    /// </summary>
    private bool IsUnassigned(ImportedDevice device, string state) =>
        device.LastContactedAt is null
        && state is EnrollmentStates.NotContacted or EnrollmentStates.Unknown
        && device.CreatedAt is { } created
        && now - created > unassignedAfter;

    private PlatformTally PlatformOf(string? raw)
    {
        var name = string.IsNullOrWhiteSpace(raw) ? "unknown" : raw.Trim();
        if (_platforms.TryGetValue(name, out var known))
        {
            return known;
        }

        if (_platforms.Count >= MaxPlatforms)
        {
            name = "other";
            if (_platforms.TryGetValue(name, out var pooled))
            {
                return pooled;
            }
        }

        return _platforms[name] = new PlatformTally(name);
    }

    private static void Sample(List<string>? samples, ImportedDevice device)
    {
        if (
            samples is not null
            && samples.Count < EnrollmentSamples.Max
            && !string.IsNullOrWhiteSpace(device.SerialNumber)
        )
        {
            samples.Add(Notifications.Words.Clean(device.SerialNumber.Trim(), MaxSerialLength));
        }
    }

    private static string Serial(ImportedDevice device) =>
        string.IsNullOrWhiteSpace(device.SerialNumber)
            ? "without serial"
            : Notifications.Words.Clean(device.SerialNumber.Trim(), MaxSerialLength);
}
