using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using TokenWatch.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.UseMiddleware<InvocationLogging>();
builder.AddTokenWatchFunctions();
builder.Build().Run();
