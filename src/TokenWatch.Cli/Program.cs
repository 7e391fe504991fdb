using System.CommandLine;
using TokenWatch.Cli;

return await TokenWatchCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
