namespace Codemason.Compose.Tests;

/// <summary>Bad input of any shape gives diagnostics, never an exception, and never a mason.json Mortar refuses.</summary>
[CancelAfter(60000)]
public class ComposeRobustnessTests
{
    private static ComposeConversion Convert(string text) =>
        ComposeConverter.Convert(new ComposeInput { Text = text, Variables = n => n == "SET" ? "1" : null, ReadFile = _ => "A=1\n" });

    [TestCase("services: []")]
    [TestCase("services:\n  web: [1, 2]")]
    [TestCase("services:\n  web: plain")]
    [TestCase("services:\n  web:\n    image: [a]")]
    [TestCase("services:\n  web:\n    image: a\n    ports: {a: 1}")]
    [TestCase("services:\n  web:\n    image: a\n    ports: [[1]]")]
    [TestCase("services:\n  web:\n    image: a\n    ports: [{published: 80}]")]
    [TestCase("services:\n  web:\n    image: a\n    environment: [[a]]")]
    [TestCase("services:\n  web:\n    image: a\n    environment: text")]
    [TestCase("services:\n  web:\n    image: a\n    healthcheck: {test: {a: b}, interval: soon, retries: many}")]
    [TestCase("services:\n  web:\n    image: a\n    deploy: {replicas: x, resources: {limits: {memory: lots, cpus: -1}}}")]
    [TestCase("services:\n  web:\n    image: a\n    volumes: [{type: bind}, {type: volume}, 'a:b:c:d', 'x:/y:weird']")]
    [TestCase("services:\n  web:\n    image: a\n    depends_on: 3")]
    [TestCase("services:\n  web:\n    image: a\n    depends_on: {web: {condition: [x]}}")]
    [TestCase("services:\n  web:\n    image: a\n    build: {args: 7}")]
    [TestCase("services:\n  web:\n    image: a\n    env_file: [{required: false}]")]
    [TestCase("services:\n  web:\n    image: a\n    privileged: maybe\n    scale: -3\n    cpu_shares: 1")]
    [TestCase("services:\n  web:\n    image: a\n    labels: {codemason.x: 1}\n    command: [[a]]")]
    [TestCase("services:\n  ? [complex, key]\n  : {image: a}\n  ? [other, key]\n  : {image: b}")]
    [TestCase("services:\n  web:\n    <<: 5\n    image: a")]
    [TestCase("services:\n  web:\n    image: *missing")]
    [TestCase("services:\n  web:\n    image: a\n---\nservices: {}")]
    [TestCase("volumes: [a]\nservices:\n  web: {image: a, volumes: ['a:/a']}")]
    [TestCase("\t\tservices:")]
    [TestCase("")]
    [TestCase("# only a comment\n")]
    [TestCase("services:\n  Web Server!:\n    image: a\n    environment: {'bad name': x}")]
    public void Convert_OddShapes_GivesDiagnosticsNotExceptions(string text)
    {
        var conversion = Convert(text);

        Assert.That(conversion.IsSuccess ? conversion.Warnings : conversion.Errors, conversion.IsSuccess ? Is.Not.Null : Is.Not.Empty);
        if (conversion.MasonJson is { } json)
        {
            Assert.That(Mortar.Validation.MasonValidator.Validate(json).Errors, Is.Empty);
        }
    }

    [Test]
    public void Convert_EveryGoldenInputMutated_NeverThrowsAndAnyResultIsValid()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData");
        var random = new Random(22);
        foreach (var file in Directory.GetFiles(root, "docker-compose.yml", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            for (var i = 0; i < 80; i++)
            {
                var start = random.Next(text.Length);
                string[] tokens = ["{", "[", "\"", "'", ": ", "$", "${", "&a ", "*a", "<<: ", "\n  - ", "\n", "? ", "!!int ", "#", "\t", "---\n", "~", "}", "]"];
                var mutated = random.Next(2) == 0 ? text.Remove(start, Math.Min(random.Next(1, 12), text.Length - start)) : text.Insert(start, tokens[random.Next(tokens.Length)]);
                ComposeConversion conversion = null!;
                Assert.DoesNotThrow(() => conversion = Convert(mutated), mutated);
                if (conversion.MasonJson is { } json)
                {
                    Assert.That(Mortar.Validation.MasonValidator.Validate(json).Errors, Is.Empty, mutated);
                }
            }
        }
    }
}
