using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Auth;
using Codemason.Controller.Edge;
using Codemason.Controller.Networking;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary>
/// <c>codemason.v1.RouteService</c>: the routes of an environment's edges, as the edge publisher builds them, and the
/// certificates they serve (keys go in, never out).
/// </summary>
public sealed class RouteServiceHandler(IEdgeStore store, ICertificateStore certificates, IOptions<EdgeOptions> options, TimeProvider time)
    : RouteService.RouteServiceBase
{
    public override Task<ListRoutesResponse> ListRoutes(ListRoutesRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var app = RequestValidation.Optional(request.App);
        var snapshot = await store.GetEdgeSnapshotAsync(environment, context.CancellationToken);
        var routes = RouteTable.Build(snapshot);
        var names = snapshot.Nodes.ToDictionary(n => n.Id, n => n.Name);
        var response = new ListRoutesResponse();
        if (routes.Count > 0)
        {
            response.EdgeNodes.Add(snapshot.Nodes.Where(n => n.RunsEdge).Select(n => n.Name).Order(StringComparer.Ordinal));
        }
        foreach (var route in routes.Where(r => app is null || r.Owner == app || r.Spec.TargetApp.Value == app))
        {
            var info = new RouteInfo
            {
                Host = route.Spec.Host,
                Path = route.Spec.Path,
                Port = (uint)EdgeMessage.HostPort(route.Spec, options.Value),
                Https = route.Spec.Protocol == Mortar.Model.RouteProtocol.Https,
                Sticky = route.Spec.Sticky,
                Owner = route.Owner,
                App = route.Spec.TargetApp.Value,
                Service = route.Spec.TargetService.Value,
                TargetPort = (uint)route.Spec.TargetPort,
            };
            info.Replicas.Add(route.Destinations.Select(r => new RouteReplica
            {
                Replica = r.Id,
                Node = names.GetValueOrDefault(r.Node, r.Node.Value),
                Address = r.Address is { } address ? Ipv4Subnet.Format(address) : "",
            }));
            response.Routes.Add(info);
        }
        return response;
    });

    public override Task<AddCertificateResponse> AddCertificate(AddCertificateRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var draft = CertificateUpload.Check(request.CertificatePem, request.KeyPem, time.GetUtcNow());
        var stored = await certificates.SaveCertificateAsync(environment, draft, context.GetCaller().Name, context.CancellationToken);
        var response = new AddCertificateResponse();
        response.Certificates.Add(stored.Select(Info));
        return response;
    });

    public override Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var response = new ListCertificatesResponse();
        response.Certificates.Add((await certificates.ListCertificatesAsync(environment, context.CancellationToken)).Select(Info));
        return response;
    });

    public override Task<RemoveCertificateResponse> RemoveCertificate(RemoveCertificateRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var host = RequestValidation.Required(request.Host, "host").Trim().ToLowerInvariant();
        await certificates.DeleteCertificateAsync(environment, host, context.GetCaller().Name, context.CancellationToken);
        return new RemoveCertificateResponse();
    });

    private CertificateInfo Info(HostCertificate stored)
    {
        var info = new CertificateInfo
        {
            Host = stored.Host,
            Source = CertificateSourceText.Format(stored.Source),
            UpdatedAt = Timestamp.FromDateTimeOffset(stored.UpdatedAt),
            LastError = stored.LastError ?? "",
            FailedAttempts = stored.FailedAttempts,
            LastFailureAt = stored.LastFailureAt is { } failed ? Timestamp.FromDateTimeOffset(failed) : null,
        };
        if (stored is not { NotBefore: { } notBefore, NotAfter: { } notAfter })
        {
            // ACME has not issued this host's first certificate yet: only its failures are known.
            return info;
        }
        info.NotBefore = Timestamp.FromDateTimeOffset(notBefore);
        info.NotAfter = Timestamp.FromDateTimeOffset(notAfter);
        info.DaysLeft = (int)Math.Floor((notAfter - time.GetUtcNow()).TotalDays);
        // The stored PEM was checked on upload (or came from the ACME server); only the leaf is read here.
        using var leaf = X509Certificate2.CreateFromPem(stored.CertificatePem);
        info.Names.Add(CertificateUpload.DnsNames(leaf));
        info.Thumbprint = leaf.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
        return info;
    }
}
