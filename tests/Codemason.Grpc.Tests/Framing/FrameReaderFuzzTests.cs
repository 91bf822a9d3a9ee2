using System.Buffers.Binary;
using System.IO.Pipelines;
using Codemason.Grpc.Framing;
using Codemason.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Grpc.Tests.Framing;

/// <summary>
/// The frame reader against random and mutated byte streams, delivered in random chunks, for a bounded
/// time (<see cref="FuzzBudget"/>): every stream must end in messages, a clean end, or an
/// <see cref="RpcException"/> — never another exception, and never a hang.
/// </summary>
[Category("Fuzz")]
public sealed class FrameReaderFuzzTests
{
    private const int MaxMessageSize = 64 * 1024;

    [Test]
    [CancelAfter(600_000)]
    public async Task Random_and_mutated_streams_end_in_messages_or_an_rpc_error(CancellationToken cancellationToken)
    {
        var seed = FuzzBudget.Seed();
        var random = new Random(seed);
        var budget = FuzzBudget.Duration();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var failures = new List<string>();
        long streams = 0, rpcErrors = 0, messages = 0;
        while (watch.Elapsed < budget && failures.Count < 5)
        {
            var bytes = Stream(random);
            streams++;
            var pipe = new Pipe();
            var reader = new FrameReader<Struct>(pipe.Reader, Struct.Parser, MaxMessageSize, null);
            var feeding = FeedAsync(pipe.Writer, bytes, random);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                while (await reader.ReadAsync(timeout.Token) is not null)
                {
                    messages++;
                }
            }
            catch (RpcException)
            {
                rpcErrors++;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"hang on {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{e.GetType().Name}: {e.Message} on {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}");
            }
            await pipe.Reader.CompleteAsync();
            await feeding;
        }
        TestContext.Out.WriteLine($"frame reader fuzz: seed {seed}, {streams} streams in {watch.Elapsed.TotalSeconds:F1} s, {messages} messages, {rpcErrors} rpc errors");
        Assert.That(failures, Is.Empty, $"seed {seed} (replay with CODEMASON_FUZZ_SEED={seed})");
        Assert.That(streams, Is.GreaterThan(0));
    }

    /// <summary>Valid frames of random structs, then a few random edits; or plain random bytes.</summary>
    private static byte[] Stream(Random random)
    {
        if (random.Next(4) == 0)
        {
            var noise = new byte[random.Next(0, 256)];
            random.NextBytes(noise);
            return noise;
        }
        var frames = new List<byte>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var payload = RandomStruct(random, depth: 0).ToByteArray();
            var header = new byte[GrpcProtocol.HeaderSize];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)payload.Length);
            frames.AddRange(header);
            frames.AddRange(payload);
        }
        var bytes = frames.ToArray();
        for (var edits = random.Next(0, 4); edits > 0 && bytes.Length > 0; edits--)
        {
            var at = random.Next(bytes.Length);
            bytes[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => 0xff,
                _ => (byte)(bytes[at] ^ (1 << random.Next(8))),
            };
        }
        return random.Next(5) == 0 ? bytes[..random.Next(bytes.Length + 1)] : bytes;
    }

    private static Struct RandomStruct(Random random, int depth)
    {
        var value = new Struct();
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            value.Fields["k" + random.Next(100)] = random.Next(depth < 3 ? 5 : 4) switch
            {
                0 => Value.ForNumber(random.NextDouble() * 1e6),
                1 => Value.ForString(new string('x', random.Next(0, 300))),
                2 => Value.ForBool(random.Next(2) == 0),
                3 => Value.ForNull(),
                _ => Value.ForStruct(RandomStruct(random, depth + 1)),
            };
        }
        return value;
    }

    private static async Task FeedAsync(PipeWriter writer, byte[] bytes, Random random)
    {
        var chunkSeed = random.Next();
        await Task.Yield();
        var chunks = new Random(chunkSeed);
        var offset = 0;
        try
        {
            while (offset < bytes.Length)
            {
                var size = Math.Min(bytes.Length - offset, chunks.Next(1, 64));
                var result = await writer.WriteAsync(bytes.AsMemory(offset, size));
                if (result.IsCompleted)
                {
                    break;
                }
                offset += size;
            }
        }
        finally
        {
            await writer.CompleteAsync();
        }
    }
}
