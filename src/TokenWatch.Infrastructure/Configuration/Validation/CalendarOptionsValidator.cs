using Microsoft.Extensions.Options;

namespace TokenWatch.Infrastructure.Configuration;

/// <summary>The ranges of <see cref="CalendarOptions"/>, checked by code generated from its attributes.</summary>
[OptionsValidator]
public sealed partial class CalendarOptionsValidator : IValidateOptions<CalendarOptions> { }
