using Xunit.Abstractions;
using Xunit.Sdk;

namespace TokenWatch.Core.Tests.Soak;

/// <summary>
/// Prints the soak's summary line where <c>dotnet test</c> shows it at its default verbosity: xUnit's diagnostic
/// messages (switched on in xunit.runner.json) reach the console as warnings of the test adapter.
/// </summary>
public sealed class SoakReport(IMessageSink diagnostics)
{
    public const string Prefix = "reliability: ";

    public void Line(ITestOutputHelper output, string line)
    {
        output.WriteLine(Prefix + line);
        diagnostics.OnMessage(new DiagnosticMessage(Prefix + line));
    }
}
