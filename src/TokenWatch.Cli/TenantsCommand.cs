using System.CommandLine;
using TokenWatch.Core.Health;
using TokenWatch.Core.Tokens;

namespace TokenWatch.Cli;

/// <summary>The <c>tokenwatch tenants …</c> command tree and <c>tokenwatch status</c>.</summary>
internal static class TenantsCommand
{
    public static Command Create(Option<string?> config, TextWriter stdout, TextWriter stderr)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant id (GUID) or primary domain." };
        var tenants = new Command(
            "tenants",
            "The tenants TokenWatch watches: app settings plus the tenant catalog (Table Storage), changed without a redeploy."
        );

        var list = new Command(
            "list",
            "List every watched tenant: where it comes from, active or paused, its own policy."
        )
        {
            config,
        };
        list.SetAction((r, ct) => TenantListCommands.ListAsync(r.GetValue(config), stdout, stderr, ct));

        var show = new Command("show", "Print a tenant's effective policy and where each value comes from.")
        {
            tenant,
            config,
        };
        show.SetAction(
            (r, ct) => TenantListCommands.ShowAsync(r.GetValue(tenant)!, r.GetValue(config), stdout, stderr, ct)
        );

        var addFields = new TenantFields();
        var paused = new Option<bool>("--paused")
        {
            Description = "Add it paused: polled, nobody told until 'tenants resume'.",
        };
        var add = new Command("add", "Add a tenant to the catalog; the next poll reads it.") { tenant, paused, config };
        foreach (var option in addFields.All)
        {
            add.Options.Add(option);
        }

        add.SetAction(
            (r, ct) =>
                TenantEditCommands.AddAsync(
                    r.GetValue(tenant)!,
                    addFields,
                    r,
                    r.GetValue(paused),
                    r.GetValue(config),
                    stdout,
                    stderr,
                    ct
                )
        );

        var setFields = new TenantFields();
        var set = new Command(
            "set",
            "Change a catalog tenant: only the options given change; 'inherit' clears a value back to the global one."
        )
        {
            tenant,
            config,
        };
        foreach (var option in setFields.All)
        {
            set.Options.Add(option);
        }

        set.SetAction(
            (r, ct) =>
                TenantEditCommands.SetAsync(r.GetValue(tenant)!, setFields, r, r.GetValue(config), stdout, stderr, ct)
        );

        var remove = new Command("remove", "Remove a tenant from the catalog (its stored history stays).")
        {
            tenant,
            config,
        };
        remove.SetAction(
            (r, ct) => TenantEditCommands.RemoveAsync(r.GetValue(tenant)!, r.GetValue(config), stdout, stderr, ct)
        );

        var reason = new Option<string?>("--reason") { Description = "Why, for whoever lists the catalog later." };
        var pause = new Command(
            "pause",
            "Maintenance: keep polling the tenant, tell nobody anything until it is resumed."
        )
        {
            tenant,
            reason,
            config,
        };
        pause.SetAction(
            (r, ct) =>
                TenantEditCommands.PauseAsync(
                    r.GetValue(tenant)!,
                    r.GetValue(reason),
                    r.GetValue(config),
                    stdout,
                    stderr,
                    ct
                )
        );

        var resume = new Command("resume", "End a pause: the next evaluation tells what is true now, once.")
        {
            tenant,
            config,
        };
        resume.SetAction(
            (r, ct) => TenantEditCommands.ResumeAsync(r.GetValue(tenant)!, r.GetValue(config), stdout, stderr, ct)
        );

        var file = new Argument<string>("file")
        {
            Description = "A CSV file with a header row, as 'tenants export' writes it.",
        };
        var import = new Command(
            "import",
            "Add or replace catalog tenants from a CSV file; a file with any bad row changes nothing."
        )
        {
            file,
            config,
        };
        import.SetAction(
            (r, ct) => TenantListCommands.ImportAsync(r.GetValue(file)!, r.GetValue(config), stdout, stderr, ct)
        );

        var exportFile = new Option<string?>("--file") { Description = "Write to this file instead of stdout." };
        var export = new Command("export", "Write the catalog as CSV (what 'tenants import' reads back).")
        {
            exportFile,
            config,
        };
        export.SetAction(
            (r, ct) => TenantListCommands.ExportAsync(r.GetValue(exportFile), r.GetValue(config), stdout, stderr, ct)
        );

        var addDiscovered = new Option<bool>("--add")
        {
            Description = "Add the new customers: consented ones active, the others paused until they consent.",
        };
        var discover = new Command(
            "discover",
            "List the partner tenant's GDAP customers: watched, new, or needing admin consent (with the consent link)."
        )
        {
            addDiscovered,
            config,
        };
        discover.SetAction(
            (r, ct) => DiscoverCommand.RunAsync(r.GetValue(addDiscovered), r.GetValue(config), stdout, stderr, ct)
        );

        foreach (var command in new[] { list, show, add, set, remove, pause, resume, import, export, discover })
        {
            tenants.Subcommands.Add(command);
        }

        return tenants;
    }

    public static Command Status(Option<string?> config, TextWriter stdout, TextWriter stderr)
    {
        var status = new Option<string?>("--status")
        {
            Description = "Only these statuses, comma-separated: critical, unknown, warning, ok.",
        };
        var kind = new Option<string?>("--kind")
        {
            Description = $"Only these kinds, comma-separated: {TokenKinds.SlugList}.",
        };
        var within = new Option<string?>("--expires-within")
        {
            Description = "Only tokens expiring within this many days (or expired), e.g. 60d.",
        };
        var output = new Option<string>("--output")
        {
            Description = "table, json or csv.",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json", "csv");
        var renewals = new Option<bool>("--renewals")
        {
            Description =
                $"Upcoming renewals: what expires within --expires-within (default {StatusQuery.DefaultRenewalDays}d), by date.",
        };
        var command = new Command(
            "status",
            "Every watched tenant's tokens from stored state (no Graph call), worst first, then by days to expiry."
        )
        {
            status,
            kind,
            within,
            output,
            renewals,
            config,
        };
        command.SetAction(
            async (r, ct) =>
            {
                var problems = new List<string>();
                var statuses = Parse<HealthStatus>(
                    r.GetValue(status),
                    "--status",
                    s =>
                        Enum.TryParse<HealthStatus>(s, true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _)
                            ? v
                            : null,
                    problems
                );
                var kinds = Parse<TokenKind>(
                    r.GetValue(kind),
                    "--kind",
                    s => TokenKindNames.TryParseSlug(s, out var k) ? k : (TokenKind?)null,
                    problems
                );
                int? days = null;
                if (r.GetValue(within) is { } text)
                {
                    days = StatusQuery.TryParseDays(text, out var parsed, out var problem) ? parsed : null;
                    problems.AddRange(problem is null ? [] : [problem]);
                }

                if (!CatalogSession.Report(problems, "status", stderr))
                {
                    return CatalogSession.Refused;
                }

                var query = new StatusQuery(statuses, kinds, days, r.GetValue(output)!, r.GetValue(renewals));
                return await StatusCommand.RunAsync(query, r.GetValue(config), stdout, stderr, ct);
            }
        );
        return command;
    }

    private static HashSet<T>? Parse<T>(string? text, string option, Func<string, T?> parse, List<string> problems)
        where T : struct
    {
        if (text is null)
        {
            return null;
        }

        var values = new HashSet<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (parse(part) is { } value)
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{option} '{part}' is not one of the values listed in 'tokenwatch status --help'.");
            }
        }

        return values;
    }
}
