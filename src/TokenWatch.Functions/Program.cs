using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using TokenWatch.Infrastructure;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddTokenWatch(builder.Configuration);
builder.Build().Run();
