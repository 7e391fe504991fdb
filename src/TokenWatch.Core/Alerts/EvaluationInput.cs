using TokenWatch.Core.Enrollment;

namespace TokenWatch.Core.Alerts;

/// <summary>A tenant's stored ledger and the polls since its watermark, read together.</summary>
public sealed record EvaluationInput(StoredLedger Ledger, PollActivity Activity)
{
    /// <summary>The tenant's stored enrollment scans; null where the reader keeps none.</summary>
    public TenantEnrollment? Enrollment { get; init; }

    public void Deconstruct(out StoredLedger ledger, out PollActivity activity, out TenantEnrollment? enrollment) =>
        (ledger, activity, enrollment) = (Ledger, Activity, Enrollment);
}
