using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TokenWatch.Core.Diagnostics;

namespace TokenWatch.Core.Tests;

/// <summary>TokenWatch's metrics on a real meter factory, for services built by hand in tests.</summary>
internal static class TestMetrics
{
    public static readonly TokenWatchMetrics Instance = new(
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()
    );
}
