using System.CommandLine;

namespace TokenWatch.Cli.Verbs;

/// <summary>The <c>tenants</c> subcommands that change the catalog: add, set, remove, pause, resume.</summary>
internal static class TenantEditVerbs
{
    public static Command Add(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var fields = new TenantFields();
        var paused = new Option<bool>("--paused")
        {
            Description = "Add it paused: polled, nobody told until 'tenants resume'.",
        };
        var add = new Command("add", "Add a tenant to the catalog; the next poll reads it.")
        {
            tenant,
            paused,
            io.Config,
        };
        foreach (var option in fields.All)
        {
            add.Options.Add(option);
        }

        add.SetAction(
            (r, ct) =>
                TenantEditCommands.AddAsync(
                    r.GetValue(tenant)!,
                    fields,
                    r,
                    r.GetValue(paused),
                    r.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return add;
    }

    public static Command Set(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var fields = new TenantFields();
        var set = new Command(
            "set",
            "Change a catalog tenant: only the options given change; 'inherit' clears a value back to the global one."
        )
        {
            tenant,
            io.Config,
        };
        foreach (var option in fields.All)
        {
            set.Options.Add(option);
        }

        set.SetAction(
            (r, ct) =>
                TenantEditCommands.SetAsync(
                    r.GetValue(tenant)!,
                    fields,
                    r,
                    r.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return set;
    }

    public static Command Remove(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var remove = new Command("remove", "Remove a tenant from the catalog (its stored history stays).")
        {
            tenant,
            io.Config,
        };
        remove.SetAction(
            (r, ct) =>
                TenantEditCommands.RemoveAsync(r.GetValue(tenant)!, r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return remove;
    }

    public static Command Pause(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var reason = new Option<string?>("--reason") { Description = "Why, for whoever lists the catalog later." };
        var pause = new Command(
            "pause",
            "Maintenance: keep polling the tenant, tell nobody anything until it is resumed."
        )
        {
            tenant,
            reason,
            io.Config,
        };
        pause.SetAction(
            (r, ct) =>
                TenantEditCommands.PauseAsync(
                    r.GetValue(tenant)!,
                    r.GetValue(reason),
                    r.GetValue(io.Config),
                    io.Stdout,
                    io.Stderr,
                    ct
                )
        );
        return pause;
    }

    public static Command Resume(VerbContext io)
    {
        var tenant = TenantsVerb.Tenant();
        var resume = new Command("resume", "End a pause: the next evaluation tells what is true now, once.")
        {
            tenant,
            io.Config,
        };
        resume.SetAction(
            (r, ct) =>
                TenantEditCommands.ResumeAsync(r.GetValue(tenant)!, r.GetValue(io.Config), io.Stdout, io.Stderr, ct)
        );
        return resume;
    }
}
