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
