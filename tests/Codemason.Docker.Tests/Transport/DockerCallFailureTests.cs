using System.Net;
using Codemason.Docker.Errors;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Transport;

public sealed class DockerCallFailureTests
{
    [TestCase("POST", "http://localhost/v1.43/containers/create?name=prod-web-1", "containers.create")]
    [TestCase("POST", "/v1.43/containers/3f2a9c/start", "containers.start")]
    [TestCase("DELETE", "/v1.43/containers/prod-web-1?force=true", "containers.remove")]
    [TestCase("GET", "/v1.43/containers/json?all=true", "containers.list")]
    [TestCase("GET", "/v1.43/containers/3f2a9c/json", "containers.inspect")]
    [TestCase("GET", "http://localhost/v1.43/images/local%2Fdoes-not-exist:1/json", "images.inspect")]
    [TestCase("POST", "/v1.43/images/create?fromImage=local%2Fdoes-not-exist&tag=1", "images.create")]
    [TestCase("DELETE", "/v1.43/networks/cm-prod-shop", "networks.remove")]
    [TestCase("GET", "/_ping", "ping")]
    [TestCase("GET", "/version", "version")]
    public void OperationOf_RequestUri_NamesResourceAndActionWithoutIds(string method, string uri, string expected) =>
        Assert.That(DockerCallFailure.OperationOf(new HttpMethod(method), uri), Is.EqualTo(expected));

    [Test]
    public void KindOf_MappedEngineErrors_OneKindEach()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DockerCallFailure.KindOf(DockerErrorMapper.FromResponse(HttpStatusCode.NotFound, """{"message":"No such image"}""")), Is.EqualTo("not_found"));
            Assert.That(DockerCallFailure.KindOf(DockerErrorMapper.FromResponse(HttpStatusCode.Conflict, """{"message":"name in use"}""")), Is.EqualTo("conflict"));
            Assert.That(DockerCallFailure.KindOf(DockerErrorMapper.FromResponse(HttpStatusCode.ServiceUnavailable, """{"message":"busy"}""")), Is.EqualTo("unavailable"));
            Assert.That(DockerCallFailure.KindOf(DockerErrorMapper.FromResponse(HttpStatusCode.InternalServerError, """{"message":"boom"}""")), Is.EqualTo("server_error"));
        });
    }
}
