using Codemason.Controller.Acme;
using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Builds;
using Codemason.Controller.Catalog;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Edge;
using Codemason.Controller.Git;
using Codemason.Controller.Hosting;
using Codemason.Controller.Networking;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Codemason.Controller.Tls;
using Codemason.Telemetry.Logging;
using Microsoft.Extensions.Options;

// codemason-controller [--data DIR] [--listen http://127.0.0.1:7400] [--tls auto|on|off] [--tls-san NAMES] [--metrics-listen http://127.0.0.1:9464] [--catalog FOLDER-OR-GIT-URL,...]
var builder = WebApplication.CreateBuilder(args);
builder.AddControllerHosting(args);
builder.AddControllerStore();
builder.AddReconciler();
builder.AddCatalog();
builder.AddApply();
builder.AddDispatcher();
builder.AddBuilds();
builder.AddNetworking();
builder.AddControllerApi();
builder.AddGitRemotes();
builder.AddRegistry();
builder.AddEdge();
builder.AddAcme();
builder.AddControllerTelemetry();
builder.AddCodemasonConsoleLogging();

try
{
    var app = builder.Build();
    app.MapControllerApi();
    app.MapDispatcher();
    app.MapGitRemotes();
    app.MapRegistry();
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
catch (ControllerTlsException e)
{
    // Kestrel may ask for the certificate before RunControllerAsync does.
    await Console.Error.WriteLineAsync($"codemason-controller: cannot use the TLS files: {e.Message}");
    return ControllerHostingExtensions.TlsUnusableExitCode;
}
