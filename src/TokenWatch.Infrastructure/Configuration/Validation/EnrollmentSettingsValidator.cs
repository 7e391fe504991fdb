using Microsoft.Extensions.Options;
using TokenWatch.Core.Enrollment;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="EnrollmentSettings"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class EnrollmentSettingsValidator : IValidateOptions<EnrollmentSettings> { }
