namespace TokenWatch.Benchmarks;

/// <summary>
/// One enrollment benchmark run: the scan of one token's devices, and the hourly quiet cycle beside it.
/// </summary>
internal sealed record EnrollmentFigures
{
    public required int Devices { get; init; }
    public required int DevicePageSize { get; init; }
    public required long ScanGraphRequests { get; init; }
    public required long ScanBytes { get; init; }
    public required TimeSpan ScanWall { get; init; }
    public required TimeSpan ScanCpu { get; init; }
    public required long ScanPeakWorkingSetBytes { get; init; }
    public required TableRequests ScanTable { get; init; }
    public required int StoredDevices { get; init; }
    public required int StoredFailed { get; init; }
    public required int StoredUnassigned { get; init; }
    public required long QuietPollGraphRequests { get; init; }
    public required TableRequests QuietPollTable { get; init; }
    public required TableRequests QuietEvaluateTable { get; init; }
    public required long QuietLogRows { get; init; }

    /// <summary>Pages of devices at the simulator's page size: the scan's requests less its fixed few.</summary>
    public int Pages => Math.Max(1, (Devices + DevicePageSize - 1) / DevicePageSize);
}
