using System.ComponentModel.DataAnnotations;

namespace TokenWatch.Core.Retention;

/// <summary>
/// How long the clean-up keeps what the polls and evaluations leave behind (<c>TokenWatch:Retention</c>).
/// </summary>
public sealed class RetentionSettings
{
    /// <summary>
    /// Token history, failed polls and sent digests are kept this long. 400 days: a token renews once a year, so the
    /// history of a token always reaches back past its last renewal, with a month of margin for a late one.
    /// </summary>
    [Range(30, 3650)]
    public int Days { get; set; } = 400;

    /// <summary>
    /// Polls that read every endpoint are kept this long: past the evaluation that folded them in they only show
    /// that the tenant was polled, and at one row an hour they are most of a tenant's rows.
    /// </summary>
    [Range(2, 3650)]
    public int SucceededPollDays { get; set; } = 14;

    /// <summary>
    /// Rows one clean-up run deletes at most, in transactions of up to 100; the next run goes on from there.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxDeletesPerRun { get; set; } = 20_000;

    /// <summary>
    /// The audit of snoozes and acknowledgements is kept this long (and always while the silencing it records still
    /// runs). 400 days, as history: an acknowledgement lasts at most 366 days, so its record outlives it.
    /// </summary>
    [Range(30, 3650)]
    public int AuditDays { get; set; } = 400;
}
