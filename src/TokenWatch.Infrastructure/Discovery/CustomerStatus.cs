namespace TokenWatch.Infrastructure.Discovery;

/// <summary>Where a GDAP customer stands with TokenWatch.</summary>
public enum CustomerStatus
{
    /// <summary>Configured or in the catalog already.</summary>
    Watched,

    /// <summary>New, and the probe read its tokens: it has consented to the app.</summary>
    New,

    /// <summary>New, and the probe was refused sign-in or permission: an admin of the customer must consent.</summary>
    NeedsConsent,

    /// <summary>
    /// New, and the probe failed for another reason (Graph unavailable, not licensed): see the detail.
    /// </summary>
    ProbeFailed,
}
