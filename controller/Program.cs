using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Hosting;
using Codemason.Controller.Placement;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Microsoft.Extensions.Options;

// codemason-controller [--data DIR] [--listen http://127.0.0.1:7400] [--metrics-listen http://127.0.0.1:9464]
var builder = WebApplication.CreateBuilder(args);
builder.AddControllerHosting(args);
builder.AddControllerStore();
builder.AddScheduling();
builder.AddApply();
builder.AddDispatcher();
builder.AddControllerApi();
builder.AddControllerTelemetry();
builder.AddControllerLogging();

try
{
    var app = builder.Build();
    app.MapControllerApi();
    app.MapDispatcher();
    return await app.RunControllerAsync();
}
catch (OptionsValidationException e)
{
    foreach (var failure in e.Failures)
    {
        await Console.Error.WriteLineAsync($"codemason-controller: {failure}");
    }
    return ControllerHostingExtensions.UsageExitCode;
}
