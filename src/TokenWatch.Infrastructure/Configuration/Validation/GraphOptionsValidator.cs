using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="GraphOptions"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class GraphOptionsValidator : IValidateOptions<GraphOptions> { }
