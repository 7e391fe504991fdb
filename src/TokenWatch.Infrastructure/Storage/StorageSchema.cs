namespace TokenWatch.Infrastructure.Storage;

/// <summary>
/// The schema version every TokenWatch row carries in <see cref="Property"/>. Version 1 (rows written before issue 16)
/// has no such property and is read as version 1. A new version only adds properties and rows that older versions
/// ignore, so an upgrade reads the rows of the version before and a rollback reads the rows of the version after;
/// a change that cannot be made that way needs a new table (docs/operations.md, "Upgrades and rollbacks").
/// </summary>
public static class StorageSchema
{
    public const string Property = "SchemaVersion";

    /// <summary>
    /// 2: head row per tenant, schema versions, ledger <c>ReadPolls</c> counted only up to the recovery polls.
    /// 3: ledger and outbox rows move from <c>AlertLedger</c> into the tenant's <c>TokenState</c> partition, so an
    /// evaluation reads the ledger and the polls in one query; a ledger is moved when it is first read.
    /// 4: outbox rows carry each channel's delivery (<c>Channels</c>: email, Teams, webhook); a row without it is read
    /// as an email carrying all of the digest's events.
    /// 5: enrollment scan rows (<c>enrollment|ade|id</c>, <c>enrollment|!connectors</c>) join the tenant's partition,
    /// before its ledger, so an evaluation reads them in the ledger's query; older versions read no row of that range.
    /// Rows an earlier build of this version wrote as <c>scan|…</c> are not read: the next scan writes them anew and
    /// the clean-up removes them.
    /// </summary>
    public const int Current = 5;

    /// <summary>The version a row was written in; 1 for rows from before versions were recorded.</summary>
    public static int Of(Azure.Data.Tables.TableEntity row) => row.GetInt32(Property) ?? 1;
}
