namespace TokenWatch.Cli;

/// <summary>Where <c>tokenwatch check</c> writes, and in what form (<c>table</c> or <c>json</c>).</summary>
internal sealed record CheckOutput(string Format, TextWriter Stdout, TextWriter Stderr);
