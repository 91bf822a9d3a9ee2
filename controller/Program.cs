using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Hosting;
using Codemason.Controller.Store;

// codemason-controller [--data DIR] [--listen http://127.0.0.1:7400]
var builder = WebApplication.CreateBuilder(args);
builder.AddControllerHosting(args);
builder.AddControllerStore();
builder.AddApply();
builder.AddControllerApi();

var app = builder.Build();
app.MapControllerApi();
return await app.RunControllerAsync();
