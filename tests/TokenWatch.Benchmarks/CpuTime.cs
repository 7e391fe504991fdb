namespace TokenWatch.Benchmarks;

/// <summary>CPU time of this process and of the Azurite process during one phase.</summary>
internal sealed record CpuTime(TimeSpan Self, TimeSpan Azurite);
