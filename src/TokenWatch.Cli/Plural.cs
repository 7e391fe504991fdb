namespace TokenWatch.Cli;

/// <summary>A count with its noun, singular for one: "1 recipient", "3 tokens".</summary>
internal static class Plural
{
    public static string Of(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
