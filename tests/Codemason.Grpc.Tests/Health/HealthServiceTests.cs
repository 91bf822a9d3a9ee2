using Codemason.Grpc.Client;
using Codemason.Grpc.Health;
using Codemason.Grpc.Health.V1;
using Codemason.Grpc.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Grpc.Tests.Health;

[TestFixture]
public sealed class HealthServiceTests
{
    private static Google.Protobuf.Reflection.MethodDescriptor Check => HealthReflection.Descriptor.Services[0].FindMethodByName("Check");

    private static Google.Protobuf.Reflection.MethodDescriptor Watch => HealthReflection.Descriptor.Services[0].FindMethodByName("Watch");

    [Test, CancelAfter(10_000)]
    public async Task Check_StatusSetByApp_IsReported(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync();
        host.Services.GetRequiredService<HealthStatusManager>().SetStatus("codemason.test.Echo", HealthCheckResponse.Types.ServingStatus.NotServing);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var reply = await channel.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(Check, new HealthCheckRequest { Service = "codemason.test.Echo" }, new(CancellationToken: token));
        Assert.That(reply.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.NotServing));
    }

    [Test, CancelAfter(10_000)]
    public async Task Watch_StatusChanges_StreamsEachChange(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync();
        var statuses = host.Services.GetRequiredService<HealthStatusManager>();
        using var channel = GrpcChannel.ForAddress(host.Address);
        using var call = channel.ServerStreaming<HealthCheckRequest, HealthCheckResponse>(Watch, new HealthCheckRequest { Service = "svc" }, new(CancellationToken: token));
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        Assert.That(call.ResponseStream.Current.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.ServiceUnknown));
        statuses.SetStatus("svc", HealthCheckResponse.Types.ServingStatus.Serving);
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        Assert.That(call.ResponseStream.Current.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.Serving));
        statuses.SetStatus("svc", HealthCheckResponse.Types.ServingStatus.NotServing);
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        Assert.That(call.ResponseStream.Current.Status, Is.EqualTo(HealthCheckResponse.Types.ServingStatus.NotServing));
    }
}
