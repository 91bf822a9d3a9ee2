using Codemason.Mortar.Tests.Golden;
using Codemason.Testing;

namespace Codemason.Mortar.Tests;

/// <summary>
/// Time-bounded fuzzing of the whole mason.json pipeline (<see cref="FuzzBudget"/>: seconds in
/// <c>make test</c>, minutes in <c>make fuzz</c>): random bytes, and valid files mutated again and again.
/// Every input must come back as errors or a model — never an exception, never a hang.
/// </summary>
[Category("Fuzz")]
public sealed class MortarFuzzTests
{
    [Test]
    [CancelAfter(3_600_000)]
    public void Random_and_repeatedly_mutated_files_never_throw(CancellationToken cancellationToken)
    {
        var seed = FuzzBudget.Seed();
        var random = new Random(seed);
        var budget = FuzzBudget.Duration();
        var valid = GoldenCase.All()
            .Where(c => File.Exists(Path.Combine(c.Directory, "expected.json")))
            .Select(c => File.ReadAllBytes(Path.Combine(c.Directory, "mason.json")))
            .ToList();
        var context = new MortarContext { Commit = "abc", Branch = "main", Answers = Samples.Answers, Discovery = new FakeServiceDiscovery(["a/redis"], ["mysql"]) };
        var failures = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long inputs = 0;
        while (watch.Elapsed < budget && failures.Count < 5 && !cancellationToken.IsCancellationRequested)
        {
            byte[] input;
            if (random.Next(5) == 0)
            {
                input = new byte[random.Next(0, 512)];
                random.NextBytes(input);
            }
            else
            {
                input = valid[random.Next(valid.Count)];
                for (var rounds = random.Next(1, 6); rounds > 0; rounds--)
                {
                    input = MutationPropertyTests.Mutate(input, random);
                }
            }
            inputs++;
            var started = watch.Elapsed;
            if (MutationPropertyTests.Check(input, context, cancellationToken) is { } failure)
            {
                failures.Add(failure);
            }
            if (watch.Elapsed - started > TimeSpan.FromSeconds(5))
            {
                failures.Add($"one input took {(watch.Elapsed - started).TotalSeconds:F1} s");
            }
        }
        TestContext.Out.WriteLine($"mason.json fuzz: seed {seed}, {inputs} inputs in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, $"seed {seed} (replay with CODEMASON_FUZZ_SEED={seed})");
    }
}
