using System.Net;
using System.Net.Sockets;
using Codemason.Docker.Errors;

namespace Codemason.Docker.Tests.Errors;

public sealed class DockerErrorMapperTests
{
    [TestCase(HttpStatusCode.BadRequest, typeof(DockerBadRequestException))]
    [TestCase(HttpStatusCode.NotFound, typeof(DockerNotFoundException))]
    [TestCase(HttpStatusCode.Conflict, typeof(DockerConflictException))]
    [TestCase(HttpStatusCode.BadGateway, typeof(DockerEngineUnavailableException))]
    [TestCase(HttpStatusCode.ServiceUnavailable, typeof(DockerEngineUnavailableException))]
    [TestCase(HttpStatusCode.GatewayTimeout, typeof(DockerEngineUnavailableException))]
    [TestCase(HttpStatusCode.InternalServerError, typeof(DockerException))]
    [TestCase(HttpStatusCode.Forbidden, typeof(DockerException))]
    public void FromResponse_StatusCode_MapsToTypedException(HttpStatusCode status, Type expected)
    {
        var ex = DockerErrorMapper.FromResponse(status, """{"message":"engine says no"}""");

        Assert.That(ex, Is.TypeOf(expected));
        Assert.That(ex.StatusCode, Is.EqualTo(status));
        Assert.That(ex.EngineMessage, Is.EqualTo("engine says no"));
        Assert.That(ex.Message, Does.Contain("engine says no").And.Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void FromResponse_NonJsonBody_KeepsRawText()
    {
        var ex = DockerErrorMapper.FromResponse(HttpStatusCode.BadGateway, "<html>proxy down</html>\n");

        Assert.That(ex.EngineMessage, Is.EqualTo("<html>proxy down</html>"));
    }

    [Test]
    public void FromResponse_EmptyBody_UsesStatusName()
    {
        var ex = DockerErrorMapper.FromResponse(HttpStatusCode.NotFound, "");

        Assert.That(ex.EngineMessage, Is.EqualTo("NotFound"));
    }

    [Test]
    public void FromResponse_PullWithRegistryDnsFailure_IsRegistryUnavailable()
    {
        const string Body = """{"message":"Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host"}""";

        var ex = DockerErrorMapper.FromResponse(HttpStatusCode.InternalServerError, Body, DockerErrorContext.ImagePull);

        Assert.That(ex, Is.TypeOf<DockerRegistryUnavailableException>());
        Assert.That(ex.EngineMessage, Does.Contain("no such host"));
    }

    [TestCase("manifest for nosuch:latest not found: manifest unknown: manifest unknown")]
    [TestCase("pull access denied for nosuch, repository does not exist or may require 'docker login'")]
    public void FromResponse_PullOfMissingImage_IsNotFound(string message)
    {
        var ex = DockerErrorMapper.FromResponse(HttpStatusCode.InternalServerError, $$"""{"message":"{{message}}"}""", DockerErrorContext.ImagePull);

        Assert.That(ex, Is.TypeOf<DockerNotFoundException>());
    }

    [Test]
    public void FromResponse_InternalErrorOutsidePull_StaysGeneric()
    {
        var ex = DockerErrorMapper.FromResponse(HttpStatusCode.InternalServerError, """{"message":"dial tcp: connection refused"}""");

        Assert.That(ex, Is.TypeOf<DockerException>());
    }

    [Test]
    public void FromStreamError_PullManifestUnknown_IsNotFoundWithoutStatus()
    {
        var ex = DockerErrorMapper.FromStreamError("manifest unknown", DockerErrorContext.ImagePull);

        Assert.That(ex, Is.TypeOf<DockerNotFoundException>());
    }

    [Test]
    public void FromTransport_ConnectionError_IsUnavailableAndSafeToRetry()
    {
        var inner = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        var ex = DockerErrorMapper.FromTransport(inner);

        Assert.That(ex.ConnectFailed, Is.True);
        Assert.That(ex.StatusCode, Is.Null);
        Assert.That(ex.InnerException, Is.SameAs(inner));
    }

    [Test]
    public void FromTransport_ResponseEnded_IsUnavailableButNotSafeToRetry()
    {
        var ex = DockerErrorMapper.FromTransport(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));

        Assert.That(ex.ConnectFailed, Is.False);
    }
}
