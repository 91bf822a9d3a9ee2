using Codemason.Mortar.Model;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Tests.CatalogItems;

[TestFixture]
public sealed class CatalogItemFilesTests
{
    private static readonly string[] Names = CatalogItemFiles.Names;

    // Answers to every question, so the pipeline gives the service as deployed.
    private static Dictionary<string, string> AnswerAll(string name) =>
        MasonValidator.Validate(CatalogItemFiles.Read(name)).Questions.ToDictionary(q => q.Key, q => q.Default.Length > 0 ? q.Default : "answer", StringComparer.Ordinal);

    private static AppSpec App(string name) =>
        MortarPipeline.Process(CatalogItemFiles.Read(name), new MortarContext { Answers = AnswerAll(name) }).GetAppOrThrow();

    [Test]
    public void Directory_HoldsOneFilePerBuiltInItem()
    {
        var files = System.IO.Directory.GetFiles(CatalogItemFiles.Directory, "*.json").Select(Path.GetFileNameWithoutExtension);

        Assert.That(files, Is.EquivalentTo(Names));
    }

    [TestCaseSource(nameof(Names))]
    public void Validate_Item_IsAValidServiceNamedAsItsFile(string name)
    {
        var result = MasonValidator.Validate(CatalogItemFiles.Read(name));

        Assert.That(result.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(result.Type, Is.EqualTo(MasonFileType.Service));
        var app = App(name);
        Assert.That(app.Name.Value, Is.EqualTo(name));
        Assert.That(app.Description, Is.Not.Empty);
        Assert.That(app.Website, Does.StartWith("https://"));
        Assert.That(app.Keywords, Is.Not.Empty);
    }

    [TestCaseSource(nameof(Names))]
    public void Questions_Passwords_AreRequiredSecretsWithoutDefault(string name)
    {
        var questions = MasonValidator.Validate(CatalogItemFiles.Read(name)).Questions;
        var passwords = questions.Where(q => q.Key.Contains("PASS", StringComparison.Ordinal)).ToList();

        Assert.That(passwords.Select(q => (q.Key, q.Required, q.Secret, q.Default)),
            Is.EqualTo(passwords.Select(q => (q.Key, true, true, ""))));
        Assert.That(questions.Where(q => q.Secret && q.Required).Select(q => q.Default), Is.All.Empty, "a required secret has no default");
    }

    [TestCaseSource(nameof(Names))]
    public void Image_OfficialImagePinnedToAVersion(string name)
    {
        var image = App(name).Services.Single().Image;

        Assert.That(image, Does.Match("^[a-z0-9]+:[0-9][A-Za-z0-9.-]*$"), "an official Docker Hub image (no registry host, no namespace) with a version tag");
    }

    [TestCaseSource(nameof(Names))]
    public void Ports_ContainerPortsOnly(string name)
    {
        var ports = App(name).Services.Single().Ports;

        Assert.That(ports, Is.Not.Empty);
        Assert.That(ports.Select(p => (p.HostIp, p.HostPort)), Is.All.EqualTo(((string?)null, (int?)null)));
    }

    [TestCaseSource(nameof(Names))]
    public void Healthcheck_Declared(string name)
    {
        var healthcheck = App(name).Services.Single().Healthcheck;

        Assert.That(healthcheck, Is.Not.Null);
        Assert.That(healthcheck!.Test[0], Is.AnyOf("CMD", "CMD-SHELL"));
    }

    [Test]
    public void Volumes_NamedAndNoItemSharesOne()
    {
        // Named volumes belong to the app: two items added to one app must not write into the same volume.
        var volumes = Names.SelectMany(name => App(name).Services.Single().Volumes.Select(v => (name, v))).ToList();

        Assert.That(volumes.Select(x => x.v.Kind), Is.All.EqualTo(VolumeKind.Named));
        Assert.That(volumes.Select(x => x.v.Source).Distinct().Count(), Is.EqualTo(volumes.Count));
        Assert.That(volumes.Select(x => x.name).Distinct(), Is.EquivalentTo(Names.Where(n => n != "memcached")), "every item but the cache keeps its data in a volume");
    }

    [Test]
    public void Keywords_NoItemCallsItselfByAnotherItemsName()
    {
        // A link named after an item must find that item alone: no keyword may be another item's name.
        var clashes = Names.SelectMany(name => App(name).Keywords.Where(k => Names.Contains(k) && k != name).Select(k => $"{name}: {k}"));

        Assert.That(clashes, Is.Empty);
    }

    [TestCase("postgres", "postgresql")]
    [TestCase("postgres", "pg")]
    [TestCase("mongo", "mongodb")]
    [TestCase("rabbitmq", "amqp")]
    [TestCase("memcached", "memcache")]
    public void Keywords_SpecificAlias_NamesOnlyThatItem(string name, string alias)
    {
        var owners = Names.Where(n => App(n).Keywords.Contains(alias));

        Assert.That(owners, Is.EqualTo(new[] { name }));
    }
}
