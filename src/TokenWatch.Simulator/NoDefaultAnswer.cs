namespace TokenWatch.Simulator;

/// <summary>
/// What a token's default-profile relation answers when no default is set: undocumented, so both are served.
/// </summary>
public enum NoDefaultAnswer
{
    /// <summary>Graph's 404 with its JSON error body.</summary>
    NotFound,

    /// <summary>200 with an empty body.</summary>
    EmptyBody,

    /// <summary>204 No Content.</summary>
    NoContent,
}
