using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Hosting;
using Codemason.Controller.Placement;
using Codemason.Controller.Store;

// codemason-controller [--data DIR] [--listen http://127.0.0.1:7400]
var builder = WebApplication.CreateBuilder(args);
builder.AddControllerHosting(args);
builder.AddControllerStore();
builder.AddScheduling();
builder.AddApply();
builder.AddDispatcher();
builder.AddControllerApi();

var app = builder.Build();
app.MapControllerApi();
app.MapDispatcher();
return await app.RunControllerAsync();
