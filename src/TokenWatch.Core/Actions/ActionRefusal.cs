namespace TokenWatch.Core.Actions;

/// <summary>Why an action link or its form was refused; each has its own page and log event.</summary>
public enum ActionRefusal
{
    /// <summary>
    /// Not a link TokenWatch signed: cut, altered, or signed with a key this deployment does not hold.
    /// </summary>
    BadSignature,

    /// <summary>Signed, but past its expiry.</summary>
    Expired,

    /// <summary>
    /// The token changed since the digest (renewed, removed, the condition gone): the link is out of date.
    /// </summary>
    Superseded,

    /// <summary>The link names a tenant this deployment does not watch.</summary>
    UnknownTenant,

    /// <summary>The link was already used for its action.</summary>
    Replayed,

    /// <summary>A form sent without the anti-forgery token bound to the link, or with another link's.</summary>
    MissingFormToken,

    /// <summary>Too many requests from one address or for one link in the window.</summary>
    RateLimited,

    /// <summary>The form was incomplete: no reason, an unknown choice, a date not allowed.</summary>
    BadForm,
}
