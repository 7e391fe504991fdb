using Microsoft.Extensions.Options;
using TokenWatch.Core.Actions;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="ActionSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class ActionSettingsRanges : IValidateOptions<ActionSettings> { }
