namespace TokenWatch.Core.Notifications;

/// <summary>What to do about a Graph read that failed, one value per fix sentence (<see
/// cref="FailureFixes"/>).</summary>
public enum FailureFix
{
    /// <summary>The Graph credential could not be built from the configuration.</summary>
    CredentialSetup,

    /// <summary>Signing in failed, or Graph refused the credential (401).</summary>
    SignIn,

    /// <summary>Signing in failed because Microsoft Entra ID could not be reached.</summary>
    EntraUnreachable,

    /// <summary>Graph denied the read (403): a permission is missing.</summary>
    GrantPermission,

    /// <summary>The tenant has no Intune licence or MDM authority.</summary>
    AssignIntuneLicence,

    /// <summary>Graph kept throttling after retries (429).</summary>
    Throttled,

    /// <summary>Graph or Intune failed (5xx, 408).</summary>
    ServiceFailed,

    /// <summary>Graph answered another error status.</summary>
    OtherStatus,

    /// <summary>The answer passed the response size bound.</summary>
    AnswerTooLarge,

    /// <summary>The answer's encoding could not be read (a proxy rewriting answers).</summary>
    AnswerEncoding,

    /// <summary>The answer's data could not be read.</summary>
    AnswerUnreadable,

    /// <summary>The process ran out of memory while reading.</summary>
    OutOfMemory,

    /// <summary>Graph did not answer within its timeout.</summary>
    GraphTimeout,

    /// <summary>Graph could not be reached.</summary>
    GraphUnreachable,

    /// <summary>Any other failure of the read.</summary>
    ReadFailed,

    /// <summary>Reading the whole tenant passed its time budget.</summary>
    TenantTimeout,

    /// <summary>An enrollment scan passed its time budget.</summary>
    ScanTimeout,
}
