using Microsoft.Extensions.Options;
using TokenWatch.Core.Alerts;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="AlertSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class AlertSettingsValidator : IValidateOptions<AlertSettings> { }
