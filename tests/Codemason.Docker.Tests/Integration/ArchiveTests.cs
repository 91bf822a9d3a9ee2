using System.Formats.Tar;
using System.Text;
using Codemason.Docker.Errors;
using Codemason.Docker.Exec;

namespace Codemason.Docker.Tests.Integration;

public sealed class ArchiveTests : EngineTest
{
    private static MemoryStream Tar(params (string Name, string Text, UnixFileMode Mode)[] files)
    {
        var archive = new MemoryStream();
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text, mode) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    Mode = mode,
                });
            }
        }
        archive.Position = 0;
        return archive;
    }

    [Test]
    [CancelAfter(60000)]
    public async Task UploadArchive_BeforeStart_FilesAreThereWithTheirModes(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        using var archive = Tar(
            ("public.txt", "hello\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
            ("secret.key", "s3cret\n", UnixFileMode.UserRead | UnixFileMode.UserWrite));

        await Client.Containers.UploadArchiveAsync(created.Id, "/tmp", archive, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        var listed = await Client.Containers.ExecAsync(created.Id, new ExecRequest(["sh", "-c", "stat -c '%a %n' /tmp/public.txt /tmp/secret.key; cat /tmp/secret.key"]), cancellationToken);

        Assert.That(listed.Stdout, Is.EqualTo("644 /tmp/public.txt\n600 /tmp/secret.key\ns3cret\n"));
    }

    [Test]
    [CancelAfter(60000)]
    public async Task UploadArchive_DirectoryMissingInTheContainer_NotFound(CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(EngineFixture.Busybox("sleep", "3600"), cancellationToken);
        using var archive = Tar(("a.txt", "a", UnixFileMode.UserRead));

        Assert.ThrowsAsync<DockerNotFoundException>(() => Client.Containers.UploadArchiveAsync(created.Id, "/no/such/directory", archive, cancellationToken));
    }
}
