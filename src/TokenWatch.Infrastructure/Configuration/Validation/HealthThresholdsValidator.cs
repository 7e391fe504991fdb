using Microsoft.Extensions.Options;
using TokenWatch.Core.Health;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="HealthThresholds"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class HealthThresholdsValidator : IValidateOptions<HealthThresholds> { }
