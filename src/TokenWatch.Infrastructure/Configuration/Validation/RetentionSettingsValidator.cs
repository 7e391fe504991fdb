using Microsoft.Extensions.Options;
using TokenWatch.Core.Retention;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="RetentionSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class RetentionSettingsValidator : IValidateOptions<RetentionSettings> { }
