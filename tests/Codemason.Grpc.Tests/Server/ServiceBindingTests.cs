using Codemason.Grpc.Server;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Grpc.Tests.Server;

[TestFixture]
public sealed class ServiceBindingTests
{
    /// <summary>Unary has the wrong request type, ServerStream is missing; the other two are fine.</summary>
#pragma warning disable CA1822 // Handlers are bound as instance methods, even when they hold no state.
    public sealed class BrokenHandler
    {
        public Task<EchoReply> Unary(EchoReply request, ServerCallContext context) => Task.FromResult(request);

        public Task<EchoReply> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context) => Task.FromResult(new EchoReply());

        public Task DuplexAsync(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context) => Task.CompletedTask;
    }
#pragma warning restore CA1822

    [Test]
    public async Task MapGrpcService_BrokenHandler_ListsEveryUnboundRpc()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddCodemasonGrpc();
        await using var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapGrpcService<BrokenHandler>(EchoMethods.Service));
        Assert.That(ex!.Message, Does.Contain("codemason.test.Echo.Unary").And.Contain("wrong signature").And.Contain("Task<EchoReply> Unary(EchoRequest, ServerCallContext)"));
        Assert.That(ex.Message, Does.Contain("codemason.test.Echo.ServerStream").And.Contain("no public method ServerStream"));
        Assert.That(ex.Message, Does.Not.Contain("Echo.ClientStream").And.Not.Contain("Echo.Duplex"));
    }

    [Test]
    public async Task MapGrpcService_Twice_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddCodemasonGrpc();
        builder.Services.AddSingleton(new EchoState());
        await using var app = builder.Build();
        app.MapGrpcService<EchoService>(EchoMethods.Service);
        Assert.Throws<InvalidOperationException>(() => app.MapGrpcService<EchoService>(EchoMethods.Service));
    }
}
