using Codemason.Agent.Assignments;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Assignments;

public sealed class AssignmentsFileTests
{
    private const string Path = "assignments.json";

    private static string File(string upsert) => $$"""{ "upserts": [ {{upsert}} ] }""";

    [Test]
    public void Parse_NoIdNoHash_DerivesBothInTheirOneForm()
    {
        var set = AssignmentsFile.Parse(File("""{ "environment": "dev", "app": "shop", "service": "web", "spec": { "image": "local/busybox:1" } }"""), Path);

        var upsert = set.Upserts.Single();
        Assert.Multiple(() =>
        {
            Assert.That(upsert.ReplicaId, Is.EqualTo("dev/shop/web#1"));
            Assert.That(upsert.SpecHash, Is.EqualTo(SpecHash.Of(new ContainerSpec { Image = "local/busybox:1" }).Value));
        });
    }

    [TestCase("""{ "environment": "Dev", "app": "shop", "service": "web", "spec": { "image": "i" } }""", "environment name \"Dev\" is invalid")]
    [TestCase("""{ "environment": "dev", "app": "my shop", "service": "web", "spec": { "image": "i" } }""", "app name \"my shop\" is invalid")]
    [TestCase("""{ "environment": "dev", "app": "shop", "service": "web#2", "spec": { "image": "i" } }""", "service name \"web#2\" is invalid")]
    [TestCase("""{ "environment": "dev", "app": "shop", "service": "web", "replicaId": "dev/shop/web#01", "spec": { "image": "i" } }""", "does not match 'dev/shop/web#1'")]
    [TestCase("""{ "environment": "dev", "app": "shop", "service": "web", "specHash": "v1", "spec": { "image": "i" } }""", "specHash 'v1' is not sha256:")]
    public void Parse_IdentityNoReplicaCanHave_RefusedNamingIt(string upsert, string message)
    {
        var error = Assert.Throws<AssignmentsFileException>(() => AssignmentsFile.Parse(File(upsert), Path));

        Assert.That(error!.Message, Does.StartWith("assignments.json: upserts[0]").And.Contain(message));
    }
}
