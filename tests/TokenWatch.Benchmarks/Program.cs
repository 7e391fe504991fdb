using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using TokenWatch.Benchmarks;

// The scale benchmark of issue 7: the real poll and evaluate pipeline against the simulator and Azurite. Run by hand:
//   dotnet run -c Release --project tests/TokenWatch.Benchmarks -- --tenants 10,100,1000
// It reports; it never fails on a figure (exit code 0 unless the benchmark itself could not run).
var tenants = new Option<string>("--tenants")
{
    Description = "Tenant counts, one run each, comma-separated.",
    DefaultValueFactory = _ => "10,100,1000",
};
var latency = new Option<int>("--latency-ms")
{
    Description = "Latency the simulator adds to every Graph request.",
    DefaultValueFactory = _ => 100,
};
var throttle = new Option<double>("--throttle")
{
    Description = "Share of Graph requests answered 429 (0 to 1).",
    DefaultValueFactory = _ => 0.02,
};
var retryAfter = new Option<int>("--retry-after")
{
    Description = "Retry-After of a 429, in seconds.",
    DefaultValueFactory = _ => 1,
};
var parallelism = new Option<string>("--parallelism")
{
    Description = "Parallelism of each run, comma-separated; the first is checked against the others.",
    DefaultValueFactory = _ => "8,1",
};
var seed = new Option<int>("--seed")
{
    Description = "Seed of the throttling draw and of the tenants that start failing.",
    DefaultValueFactory = _ => 7,
};
var catalogCounts = new Option<string>("--catalog")
{
    Description = "Tenant catalog sizes whose load is measured, comma-separated; empty: none.",
    DefaultValueFactory = _ => "1000,10000",
};
var changed = new Option<double>("--changed")
{
    Description = "Share of tenants whose ADE sync starts failing before the measured cycle (they get a digest).",
    DefaultValueFactory = _ => 0.05,
};

var devices = new Option<string>("--devices")
{
    Description = "Device counts of one tenant's one ADE token, one enrollment scan run each; given: only these run.",
    DefaultValueFactory = _ => "",
};

var root = new RootCommand("TokenWatch scale benchmark: poll and evaluate many simulated tenants against Azurite.")
{
    tenants,
    latency,
    throttle,
    retryAfter,
    parallelism,
    seed,
    changed,
    catalogCounts,
    devices,
};
root.SetAction(
    async (result, cancellationToken) =>
    {
        if (List(result.GetValue(devices)!) is { Count: > 0 } deviceCounts)
        {
            Console.Out.WriteLine(
                $"TokenWatch enrollment benchmark · {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · "
                    + $"{Environment.ProcessorCount} cores · .NET {Environment.Version} · "
                    + $"load {CycleBenchmark.LoadAverage()}"
            );
            Console.Out.WriteLine(
                $"Command: dotnet run -c Release --project tests/TokenWatch.Benchmarks -- {string.Join(' ', args)}"
            );
            var runs = new List<EnrollmentFigures>();
            foreach (var count in deviceCounts)
            {
                runs.Add(await EnrollmentBenchmark.RunAsync(count, Console.Error, cancellationToken));
            }

            EnrollmentTable.Write(Console.Out, runs);
            return 0;
        }

        var counts = List(result.GetValue(tenants)!);
        var widths = List(result.GetValue(parallelism)!);
        var output = Console.Out;
        output.WriteLine(
            $"TokenWatch benchmark · {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} "
                + $"cores · {RuntimeInformation.OSDescription} · .NET {Environment.Version}"
        );
        output.WriteLine(
            (
                "Command: dotnet run -c Release --project tests/TokenWatch.Benchmarks -- " + string.Join(' ', args)
            ).TrimEnd()
        );
        // Every code path (digest rendering included) is compiled before the first measured cycle, so that the first
        // run does not pay for the JIT the later ones are spared.
        Console.Error.WriteLine("Warming up…");
        await CycleBenchmark.RunAsync(
            new BenchmarkSettings(20, TimeSpan.Zero, 0, 1, result.GetValue(seed), 0.5),
            widths.Max(),
            widths.Max(),
            TextWriter.Null,
            cancellationToken
        );

        await CatalogBenchmark.RunAsync(
            List(result.GetValue(catalogCounts)!),
            output,
            Console.Error,
            cancellationToken
        );
        foreach (var count in counts)
        {
            var settings = new BenchmarkSettings(
                count,
                TimeSpan.FromMilliseconds(result.GetValue(latency)),
                result.GetValue(throttle),
                result.GetValue(retryAfter),
                result.GetValue(seed),
                result.GetValue(changed)
            );
            var runs = new List<CycleFigures>();
            foreach (var width in widths)
            {
                runs.Add(
                    await CycleBenchmark.RunAsync(settings, width, widths.Max(), Console.Error, cancellationToken)
                );
            }

            ResultTable.Write(output, settings, runs);
            ResultTable.WriteVerdict(output, runs);
        }

        return 0;
    }
);

return await root.Parse(args).InvokeAsync();

static List<int> List(string value) =>
    value
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture))
        .ToList();
