using System.Text;
using Codemason.Mortar.Tests.Golden;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Tests;

/// <summary>Random mutations of valid files (seeded, bounded) must come back as errors or a model — never as an exception.</summary>
[TestFixture]
public sealed class MutationPropertyTests
{
    private const int MutationsPerFile = 300;

    private static readonly string[] Fragments =
        ["{", "}", "[", "]", ",", ":", "\"", "//", "/*", "*/", "\\", "\\u12", "null", "true", "-", "0", "1e999", "99999999999999999999",
         "${commit}", "${", "\"80800:80\"", "\"a/b/c\"", "\u00e9", "\uD800", "\n", "\t", "[[[[[[[[", "\"codemason.x\"", "{\"name\":1}"];

    public static IEnumerable<GoldenCase> ValidFiles() =>
        GoldenCase.All().Where(c => File.Exists(Path.Combine(c.Directory, "expected.json")));

    [TestCaseSource(nameof(ValidFiles))]
    [CancelAfter(60_000)]
    public void Process_RandomMutations_NeverThrow(GoldenCase golden, CancellationToken cancellationToken)
    {
        var original = File.ReadAllBytes(Path.Combine(golden.Directory, "mason.json"));
        var random = new Random(golden.Name.GetHashCode(StringComparison.Ordinal) ^ 0x5eed);
        var context = new MortarContext { Commit = "abc", Branch = "main", Answers = Samples.Answers, Discovery = new FakeServiceDiscovery(["a/redis"], ["mysql"]) };
        var failures = new List<string>();
        for (var i = 0; i < MutationsPerFile && !cancellationToken.IsCancellationRequested; i++)
        {
            var mutated = Mutate(original, random);
            if (Check(mutated, context, cancellationToken) is { } failure)
            {
                failures.Add($"#{i}: {failure}");
            }
        }
        Assert.That(failures, Is.Empty);
    }

    /// <summary>Runs the whole pipeline on <paramref name="input"/>; returns what went wrong, or null when it ended in errors or a model.</summary>
    internal static string? Check(byte[] input, MortarContext context, CancellationToken cancellationToken)
    {
        try
        {
            var result = MortarPipeline.ProcessAsync(input, context, cancellationToken).GetAwaiter().GetResult();
            var validation = MasonValidator.Validate(input);
            if (!result.Succeeded && result.Errors.Count == 0)
            {
                return "failed without an error";
            }
            if (result.Succeeded)
            {
                _ = MortarJson.Serialize(result.App!);
            }
            _ = validation.Errors.Select(e => e.ToString()).ToList();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"{ex.GetType().Name}: {ex.Message}\n{Encoding.UTF8.GetString(input)}";
        }
    }

    internal static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(random.Next(-5, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    break;
            }
        }
        return bytes.ToArray();
    }
}
