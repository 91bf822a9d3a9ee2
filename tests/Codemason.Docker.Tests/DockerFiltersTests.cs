namespace Codemason.Docker.Tests;

public sealed class DockerFiltersTests
{
    [Test]
    public void ToJson_LabelsAndStatus_IsMapOfArrays()
    {
        var filters = new DockerFilters().Label("codemason.app", "shop").Label("codemason.managed").Add("status", "running");

        Assert.That(filters.ToJson(), Is.EqualTo("""{"label":["codemason.app=shop","codemason.managed"],"status":["running"]}"""));
    }

    [Test]
    public void ToJson_DuplicateValue_IsSentOnce()
    {
        var filters = DockerFilters.ByLabel("a", "b").Label("a", "b");

        Assert.That(filters.ToJson(), Is.EqualTo("""{"label":["a=b"]}"""));
    }

    [Test]
    public void ToJson_QuotesAndUnicode_AreEscapedAsJson()
    {
        var json = DockerFilters.ByLabel("note", "say \"hi\"").ToJson();

        Assert.That(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("label")[0].GetString(), Is.EqualTo("note=say \"hi\""));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ListContainers_WithLabelFilter_SendsUrlEncodedFiltersParameter(CancellationToken cancellationToken)
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("[]"));
        using var client = TestClients.With(handler);

        await client.Containers.ListAsync(new() { Filters = DockerFilters.ByLabel("codemason.app", "a b&c") }, cancellationToken);

        Assert.That(handler.Requests[^1], Is.EqualTo(
            "GET /v1.41/containers/json?all=true&filters=%7B%22label%22%3A%5B%22codemason.app%3Da%20b%26c%22%5D%7D"));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task ListContainers_NoFilters_SendsNoFiltersParameter(CancellationToken cancellationToken)
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("[]"));
        using var client = TestClients.With(handler);

        await client.Containers.ListAsync(new() { All = false }, cancellationToken);

        Assert.That(handler.Requests[^1], Is.EqualTo("GET /v1.41/containers/json"));
    }
}
