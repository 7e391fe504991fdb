namespace TokenWatch.Infrastructure.Configuration;

/// <summary>Where digests go.</summary>
public enum EmailDelivery
{
    /// <summary>SendGrid when a key is set, else the outbox folder: the CLI and local runs.</summary>
    Auto,

    /// <summary>
    /// Always SendGrid, as deployed to Azure: a missing or unresolved key keeps digests pending and says so, instead
    /// of writing them to a folder nobody reads.
    /// </summary>
    SendGrid,

    /// <summary>Always the outbox folder.</summary>
    Outbox,
}
