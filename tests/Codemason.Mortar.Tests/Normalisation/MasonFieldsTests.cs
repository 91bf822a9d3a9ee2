using Codemason.Mortar.Normalisation;

namespace Codemason.Mortar.Tests.Normalisation;

[TestFixture]
public sealed class MasonFieldsTests
{
    private static readonly string[] Header = ["name", "description", "keywords", "website", "repository", "type", "masonVersion"];

    [Test]
    public void Application_FromSchema_HeaderQuestionsAndAppOnlyFields()
    {
        Assert.That(MasonFields.Application, Is.EquivalentTo(
            Header.Concat(["$schema", "services", "instances", "questions", "registries"])));
    }

    [Test]
    public void Service_FromSchema_ContainerFieldsButNoAppOnlyOnes()
    {
        Assert.That(MasonFields.Service, Is.SupersetOf(Header.Concat(["image", "ports", "environment", "questions", "placement", "domains"])));
        Assert.That(MasonFields.Service, Has.None.AnyOf("$schema", "services", "instances", "registries", "targets"));
    }

    [Test]
    public void LoadBalancer_FromSchema_HeaderAndTargetsOnly()
    {
        Assert.That(MasonFields.LoadBalancer, Is.EquivalentTo(Header.Concat(["$schema", "targets"])));
        Assert.That(MasonFields.File.Concat(MasonFields.Application), Has.None.EqualTo("targets"));
    }

    [Test]
    public void File_FromSchema_EveryServiceAndApplicationField()
    {
        Assert.That(MasonFields.File, Is.EquivalentTo(MasonFields.Service.Union(MasonFields.Application)));
    }

    [Test]
    public void Sections_FromSchema_TheirOwnFields()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MasonFields.Build, Is.EqualTo(new[] { "repository", "dockerfile", "context", "commands", "args" }));
            Assert.That(MasonFields.Healthcheck, Is.EqualTo(new[] { "test", "interval", "timeout", "retries", "startPeriod" }));
            Assert.That(MasonFields.Placement, Is.EqualTo(new[] { "constraints", "maxPerNode" }));
            Assert.That(MasonFields.Question, Is.EqualTo(new[] { "key", "value", "description", "required", "secret" }));
            Assert.That(MasonFields.Registry, Is.EqualTo(new[] { "server", "address", "username", "password", "email" }));
            Assert.That(MasonFields.Versions, Is.EqualTo(new[] { "v1" }));
            Assert.That(MasonFields.FileTypes, Is.EqualTo(new[] { "application", "service", "instance", "loadbalancer" }));
            Assert.That(MasonFields.Target, Is.EqualTo(new[] { "source", "target", "sticky" }));
            Assert.That(MasonFields.TargetSource, Is.EqualTo(new[] { "protocol", "port", "hostname", "path" }));
            Assert.That(MasonFields.TargetDestination, Is.EqualTo(new[] { "service", "port" }));
            Assert.That(MasonFields.Domain, Is.EqualTo(new[] { "host", "path", "port", "https", "sticky" }));
            Assert.That(MasonFields.RouteProtocols, Is.EqualTo(new[] { "http", "https" }));
            Assert.That(MasonFields.ServiceTypes, Is.EqualTo(new[] { "service", "instance" }));
        });
    }
}
