using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="TeamsOptions"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class TeamsOptionsValidator : IValidateOptions<TeamsOptions> { }
