using Codemason.Controller.Hosting;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Hosting;

/// <summary>The real binary: first start, kill -9 right after an acknowledged apply, refusal of a newer schema.</summary>
public sealed class ControllerProcessTests
{
    private TempDirectory _data = null!;

    [SetUp]
    public void SetUp() => _data = new TempDirectory();

    [TearDown]
    public void TearDown() => _data.Dispose();

    [Test]
    [CancelAfter(120_000)]
    public async Task Apply_ControllerKilledRightAfterTheAnswer_RevisionSurvivesTheRestart(CancellationToken cancellationToken)
    {
        string token;
        ApplyResponse applied;
        using (var first = await ControllerProcess.StartAsync(_data.Path, cancellationToken))
        {
            token = (await File.ReadAllTextAsync(_data.File(ControllerOptions.AdminTokenFileName), cancellationToken)).Trim();
            using var channel = GrpcChannelFactory.Create(first.Address);
            var client = new ApiClient(channel, token);
            await client.CreateEnvironmentAsync("prod");
            applied = await client.ApplyAsync(new ApplyRequest
            {
                Environment = "prod",
                MasonJson = MasonSamples.Shop(),
                Answers = { MasonSamples.ShopAnswers },
            });
            first.KillHard();
        }

        using var second = await ControllerProcess.StartAsync(_data.Path, cancellationToken);
        using var again = GrpcChannelFactory.Create(second.Address);
        var after = new ApiClient(again, token);
        var revisions = await after.ListRevisionsAsync("prod", "shop");
        var app = await after.GetAppAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(applied.App.Revision, Is.EqualTo(1UL));
            Assert.That(revisions.Revisions.Select(r => r.Number), Is.EqualTo(new[] { 1UL }));
            Assert.That(app.Services.Select(s => s.SpecHash), Is.EqualTo(applied.App.Services.Select(s => s.SpecHash)));
            Assert.That(app.StoreRevision, Is.EqualTo(applied.StoreRevision));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task FirstStart_SavesTheAdminTokenForTheOwnerOnlyAndPrintsOnlyWhereItIs(CancellationToken cancellationToken)
    {
        string firstOutput;
        using (var first = await ControllerProcess.StartAsync(_data.Path, cancellationToken))
        {
            firstOutput = first.StandardOutput;
        }
        using var second = await ControllerProcess.StartAsync(_data.Path, cancellationToken);

        var path = _data.File(ControllerOptions.AdminTokenFileName);
        var token = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        Assert.Multiple(() =>
        {
            Assert.That(token, Does.StartWith("cma_"));
            Assert.That(firstOutput, Does.Contain("bootstrap admin API token saved to " + path).And.Not.Contain(token));
            Assert.That(second.StandardOutput, Does.Not.Contain(token).And.Not.Contain("bootstrap admin API token"));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(_data.File("controller.db")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Start_SchemaNewerThanTheBinary_RefusesToStartAndSaysWhy(CancellationToken cancellationToken)
    {
        using (var connection = new SqliteConnection($"Data Source={_data.File("controller.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 999";
            command.ExecuteNonQuery();
        }

        using var controller = await ControllerProcess.StartAsync(_data.Path, cancellationToken, waitForListening: false);
        var exitCode = await controller.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ControllerHostingExtensions.StoreUnusableExitCode));
            Assert.That(controller.StandardError, Does.Contain("schema version 999").And.Contain("newer than this controller"));
            Assert.That(controller.StandardOutput, Does.Not.Contain("listening on"));
        });
    }
}
