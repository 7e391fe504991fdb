namespace TokenWatch.Infrastructure.Configuration;

/// <summary>What a process will do with TokenWatch, and so which settings it needs.</summary>
public enum TokenWatchScope
{
    /// <summary>Poll, store, evaluate and email: the Functions app and <c>tokenwatch run</c>.</summary>
    Full,

    /// <summary>Only read Graph and judge (<c>tokenwatch check</c>): no storage or email settings needed.</summary>
    ReadOnly,
}
