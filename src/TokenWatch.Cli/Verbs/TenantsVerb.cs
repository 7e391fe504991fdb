using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary>The <c>tokenwatch tenants …</c> command tree: one small builder per subcommand.</summary>
internal static class TenantsVerb
{
    public static Command Create(VerbContext io)
    {
        var tenants = new Command(
            "tenants",
            "The tenants TokenWatch watches: app settings plus the tenant catalog (Table Storage), "
                + "changed without a redeploy."
        );
        Command[] subcommands =
        [
            List(io),
            Show(io),
            TenantEditVerbs.Add(io),
            TenantEditVerbs.Set(io),
            TenantEditVerbs.Remove(io),
            TenantEditVerbs.Pause(io),
            TenantEditVerbs.Resume(io),
            Import(io),
            Export(io),
            Discover(io),
        ];
        foreach (var command in subcommands)
        {
            tenants.Subcommands.Add(command);
        }

        return tenants;
    }

    /// <summary>The tenant argument; each subcommand takes its own instance.</summary>
    public static Argument<string> Tenant() =>
        new("tenant") { Description = "The tenant id (GUID) or primary domain." };

    private static Command List(VerbContext io)
    {
        var list = new Command(
            "list",
            "List every watched tenant: where it comes from, active or paused, its own policy."
        )
        {
            io.Config,
        };
        list.SetAction((r, ct) => TenantListCommands.ListAsync(r.GetValue(io.Config), io.Stdout, io.Stderr, ct));
        return list;
    }

    private static Command Show(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var show = new Command("show", "Print a tenant's effective policy and where each value comes from.")
        {
            tenant,
            io.Config,
        };
        show.SetAction(
            (r, ct) =>
                TenantListCommands.ShowAsync(r.GetValue(tenant)!, r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return show;
    }

    private static Command Import(VerbContext io)
    {
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
            io.Config,
        };
        import.SetAction(
            (r, ct) =>
                TenantListCommands.ImportAsync(r.GetValue(file)!, r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return import;
    }

    private static Command Export(VerbContext io)
    {
        var file = new Option<string?>("--file") { Description = "Write to this file instead of stdout." };
        var export = new Command("export", "Write the catalog as CSV (what 'tenants import' reads back).")
        {
            file,
            io.Config,
        };
        export.SetAction(
            (r, ct) => TenantListCommands.ExportAsync(r.GetValue(file), r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return export;
    }

    private static Command Discover(VerbContext io)
    {
        var add = new Option<bool>("--add")
        {
            Description = "Add the new customers: consented ones active, the others paused until they consent.",
        };
        var discover = new Command(
            "discover",
            "List the partner tenant's GDAP customers: watched, new, or needing admin consent (with the consent link)."
        )
        {
            add,
            io.Config,
        };
        discover.SetAction(
            (r, ct) => DiscoverCommand.RunAsync(r.GetValue(add), r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return discover;
    }
}
