using Xunit.Abstractions;
using Xunit.Sdk;

namespace TokenWatch.Testing;

/// <summary>
/// Prints a suite's summary line where <c>dotnet test</c> shows it at its default verbosity: xUnit's diagnostic
/// messages (switched on in xunit.runner.json) reach the console as warnings of the test adapter, while a passing
/// test's <see cref="ITestOutputHelper"/> text is shown only at detailed verbosity. The figures in
/// docs/reliability.md are copied from these lines.
/// </summary>
public sealed class ReliabilityReport(IMessageSink diagnostics)
{
    /// <summary>Every line starts with this, so <c>dotnet test ... | grep reliability:</c> lists them all.</summary>
    public const string Prefix = "reliability: ";

    public void Line(ITestOutputHelper output, string line)
    {
        output.WriteLine(Prefix + line);
        diagnostics.OnMessage(new DiagnosticMessage(Prefix + line));
    }
}
