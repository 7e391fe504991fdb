using Microsoft.Extensions.Options;
using TokenWatch.Core.Incidents;

namespace TokenWatch.Infrastructure.Incidents;

/// <summary>The ranges of <see cref="IncidentSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class IncidentSettingsRanges : IValidateOptions<IncidentSettings> { }
