using System.Reflection;
using System.Xml;
using Microsoft.Azure.Functions.Worker;
using TokenWatch.Functions;
using TokenWatch.Infra.Tests.Support;

namespace TokenWatch.Infra.Tests;

/// <summary>
/// Every timer function has a heartbeat: an alert when it has logged no FunctionCompleted for its period plus a
/// day (the evaluation: 3 hours; the poll: the missed-poll alert), so a function that stops while the others run
/// is heard.
/// </summary>
[Collection(InfraTestGroup.Name)]
public sealed class FunctionHeartbeatTests(InfraFixture infra)
{
    /// <summary>How long each function may go without completing before ops hear of it.</summary>
    private static readonly Dictionary<string, TimeSpan> Expected = new()
    {
        ["EvaluateAlerts"] = TimeSpan.FromHours(3),
        ["CleanUpStorage"] = TimeSpan.FromDays(2), // daily, plus a day
        ["DiscoverCustomers"] = TimeSpan.FromDays(2), // daily, plus a day
        ["ScanEnrollment"] = TimeSpan.FromHours(30), // every 6 hours, plus a day
        ["SendRenewalCalendar"] = TimeSpan.FromDays(8), // weekly, plus a day
        ["WatchCredentials"] = TimeSpan.FromDays(2), // daily, plus a day
    };

    [Fact]
    public void Every_timer_function_but_the_poll_has_a_heartbeat_of_its_period_plus_a_day()
    {
        var timerFunctions = TimerFunctionNames().ToList();
        Assert.Contains("PollTokens", timerFunctions); // its heartbeat is the missed-poll alert
        Assert.Equal(
            timerFunctions.Where(f => f != "PollTokens").Order(StringComparer.Ordinal),
            Expected.Keys.Order(StringComparer.Ordinal)
        );

        foreach (var (function, lookback) in Expected)
        {
            var properties = Heartbeat(function)["properties"]!;
            var criterion = properties["criteria"]!["allOf"]!.AsArray().Single()!;
            var periods = criterion["failingPeriods"]!;
            var window = XmlConvert.ToTimeSpan(properties["windowSize"]!.ToString());

            Assert.Equal(lookback, window * periods["numberOfEvaluationPeriods"]!.GetValue<int>());
            // Fires only when every period of the lookback saw no completion.
            Assert.Equal(
                periods["numberOfEvaluationPeriods"]!.GetValue<int>(),
                periods["minFailingPeriodsToAlert"]!.GetValue<int>()
            );
            Assert.True(window <= TimeSpan.FromDays(2), $"{function}: a log alert window is at most two days");
            Assert.Equal(
                ("Count", "LessThan", 1),
                (
                    criterion["timeAggregation"]!.ToString(),
                    criterion["operator"]!.ToString(),
                    criterion["threshold"]!.GetValue<int>()
                )
            );
            var query = criterion["query"]!.ToString();
            Assert.Contains("== \"FunctionCompleted\"", query, StringComparison.Ordinal);
            Assert.Contains($"customDimensions.FunctionName) == \"{function}\"", query, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Schedules an operator may set in infra/main.bicepparam (every one but the credential watch's is a parameter):
    /// every two hours, every other day, weekly, every twelve hours, monthly.
    /// </summary>
    private static readonly Dictionary<string, string> ChangedSchedules = new()
    {
        ["evaluateSchedule"] = "0 5 */2 * * *",
        ["cleanupSchedule"] = "0 30 2 */2 * *",
        ["discoverySchedule"] = "0 30 6 * * Mon",
        ["enrollmentScanSchedule"] = "0 20 */12 * * *",
        ["calendarSchedule"] = "0 0 7 1 * *",
    };

    [Fact]
    public void Each_heartbeat_window_follows_the_schedule_its_function_runs_on()
    {
        var changed = DeploymentSnapshot.Create(InfraFixture.DefaultEnvironment, text =>
            ChangedSchedules.Aggregate(text, (t, s) =>
            {
                var line = System.Text.RegularExpressions.Regex.Match(t, $"param {s.Key} = '[^']*'").Value;
                Assert.False(string.IsNullOrEmpty(line), $"main.bicepparam sets no {s.Key}");
                return t.Replace(line, $"param {s.Key} = '{s.Value}'", StringComparison.Ordinal);
            })
        );

        foreach (var snapshot in new[] { infra.DefaultSnapshot, changed })
        {
            var settings = snapshot.AppSettings;
            foreach (var function in Expected.Keys)
            {
                var schedule = settings[ScheduleSetting(function)];
                var longestGap = LongestGap(schedule);
                var margin = function == "EvaluateAlerts" ? TimeSpan.FromHours(2) : TimeSpan.FromDays(1);
                var lookback = Lookback(snapshot, function);

                // The period plus the margin, rounded up to whole alert windows of at most six hours' excess.
                Assert.True(
                    lookback >= longestGap + margin && lookback < longestGap + margin + TimeSpan.FromHours(6),
                    $"{function} on '{schedule}': runs up to {longestGap} apart, heartbeat looks back {lookback}"
                );
            }
        }

        Assert.Equal(TimeSpan.FromHours(4), Lookback(changed, "EvaluateAlerts"));
        Assert.Equal(TimeSpan.FromDays(32), Lookback(changed, "SendRenewalCalendar"));
    }

    [Fact]
    public void The_shipped_schedules_give_the_documented_windows()
    {
        var settings = infra.DefaultSnapshot.AppSettings;
        foreach (var (function, lookback) in Expected)
        {
            var margin = function == "EvaluateAlerts" ? TimeSpan.FromHours(2) : TimeSpan.FromDays(1);
            Assert.Equal(lookback, LongestGap(settings[ScheduleSetting(function)]) + margin);
        }
    }

    private static TimeSpan Lookback(DeploymentSnapshot snapshot, string function)
    {
        var rule = Assert.Single(snapshot.OfType("Microsoft.Insights/scheduledQueryRules"), r =>
            r["name"]!.ToString().EndsWith($"-heartbeat-{function.ToLowerInvariant()}", StringComparison.Ordinal)
        );
        var properties = rule["properties"]!;
        var periods = properties["criteria"]!["allOf"]![0]!["failingPeriods"]!["numberOfEvaluationPeriods"]!;
        return XmlConvert.ToTimeSpan(properties["windowSize"]!.ToString()) * periods.GetValue<int>();
    }

    /// <summary>The app setting a function's timer reads its schedule from (<c>%EvaluateSchedule%</c>).</summary>
    private static string ScheduleSetting(string function) =>
        typeof(PollTokens)
            .Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == function)
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>())
            .Single(a => a is not null)!
            .Schedule.Trim('%');

    /// <summary>
    /// The longest time between two runs over a leap year and the next, as the Functions host's own NCRONTAB parser
    /// reads the schedule.
    /// </summary>
    private static TimeSpan LongestGap(string schedule)
    {
        var parsed = NCrontab.CrontabSchedule.Parse(
            schedule,
            new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true }
        );
        var runs = parsed.GetNextOccurrences(new DateTime(2028, 1, 1), new DateTime(2030, 1, 1)).ToList();
        return runs.Zip(runs.Skip(1), (a, b) => b - a).Max();
    }

    [Fact]
    public void Heartbeats_and_the_failure_alert_page_the_ops_action_group()
    {
        var actionGroupId = infra.DefaultSnapshot.SingleOf("Microsoft.Insights/actionGroups")["id"]!.ToString();
        var rules = Expected
            .Keys.Select(Heartbeat)
            .Append(Rule(r => r.EndsWith("-function-failures", StringComparison.Ordinal)));

        Assert.All(rules, r =>
            Assert.Equal(
                [actionGroupId],
                r["properties"]!["actions"]!["actionGroups"]!.AsArray().Select(a => a!.ToString())
            )
        );
    }

    private System.Text.Json.Nodes.JsonObject Heartbeat(string function) =>
        Rule(r => r.EndsWith($"-heartbeat-{function.ToLowerInvariant()}", StringComparison.Ordinal));

    private System.Text.Json.Nodes.JsonObject Rule(Func<string, bool> named) =>
        Assert.Single(infra.DefaultSnapshot.OfType("Microsoft.Insights/scheduledQueryRules"), r =>
            named(r["name"]!.ToString())
        );

    /// <summary>The functions of the app with a timer trigger, by their [Function] name.</summary>
    private static IEnumerable<string> TimerFunctionNames() =>
        typeof(PollTokens)
            .Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);
}
