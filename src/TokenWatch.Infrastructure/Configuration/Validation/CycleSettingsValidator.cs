using Microsoft.Extensions.Options;
using TokenWatch.Core.Cycle;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="CycleSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class CycleSettingsValidator : IValidateOptions<CycleSettings> { }
