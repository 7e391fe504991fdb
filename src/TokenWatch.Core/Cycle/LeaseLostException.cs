namespace TokenWatch.Core.Cycle;

/// <summary>Another evaluation took a digest over while this one was still sending it.</summary>
public sealed class LeaseLostException(string digestId)
    : InvalidOperationException(
        $"The lease of digest {digestId} was lost to another evaluation before all its parts were sent."
    );
