namespace TokenWatch.Core.Enrollment;

/// <summary>What one read of the scan brought: its value when it completed, else why not (never both).</summary>
public sealed record ScanOutcome<T>(T? Value, ScanFailure? Failure)
    where T : class;
