using Codemason.Agent.Assignments;
using Codemason.Controller.Apply;
using Codemason.Mortar;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Identity.Tests;

/// <summary>The controller (mason.json → spec) and the agent (assignments file without a hash) hash a spec alike.</summary>
public sealed class SpecHashPathsTests
{
    private const string Shop = """
        { "name": "shop", "masonVersion": "v1", "services": [
            { "name": "web", "image": "local/web:1", "command": "httpd -f -p 80", "ports": ["8080:80", "53/udp"],
              "environment": { "B": "2", "A": "1" }, "labels": { "team": "blue", "tier": "front" },
              "links": ["db:database"], "memory": 64,
              "healthcheck": { "test": ["CMD", "true"], "interval": "10s" } },
            { "name": "db", "image": "local/db:1", "volumes": ["data:/var/lib/db", "/srv/conf:/etc/db:ro"] } ] }
        """;

    [Test]
    public void Hash_SameSpecOnControllerAndAgentPaths_Equal()
    {
        var drafts = ContainerSpecMapper.ToServiceDrafts(MortarPipeline.Process(Shop).GetAppOrThrow());
        var file = new AssignmentSet();
        file.Upserts.Add(drafts.Select(d => new ReplicaAssignment { Environment = "dev", App = "shop", Service = d.Name, Spec = d.Spec }));

        var read = AssignmentsFile.Parse(JsonFormatter.Default.Format(file), "assignments.json");

        Assert.Multiple(() =>
        {
            Assert.That(drafts, Has.Count.EqualTo(2));
            foreach (var draft in drafts)
            {
                var upsert = read.Upserts.Single(u => u.Service == draft.Name);
                Assert.That(upsert.SpecHash, Is.EqualTo(draft.SpecHash.Value), draft.Name);
            }
        });
    }
}
