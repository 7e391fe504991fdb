namespace TokenWatch.Infra.Tests.Support;

internal sealed record Diagnostic(string RuleId, string Level, string Message, string Location)
{
    public override string ToString() => $"{Location}: {Level} {RuleId}: {Message}";
}
