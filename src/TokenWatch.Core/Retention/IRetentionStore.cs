namespace TokenWatch.Core.Retention;

/// <summary>Deletes what a tenant's retention allows and counts what is left.</summary>
public interface IRetentionStore
{
    /// <summary>
    /// Deletes at most <paramref name="maxDeletes"/> rows of the tenant that <paramref name="rules"/> let go, and
    /// counts the tenant's rows per table and kind as they are afterwards.
    /// </summary>
    Task<PrunedTenant> PruneAsync(
        string tenantId,
        RetentionRules rules,
        int maxDeletes,
        CancellationToken cancellationToken
    );
}
