namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>mason.json texts used by the controller tests.</summary>
internal static class MasonSamples
{
    /// <summary>An app "shop": web (scale 2, links db as "database") and db (secret question).</summary>
    public static string Shop(int webScale = 2, string webImage = "registry.example.com/shop/web:1") => $$"""
        {
            "name": "shop",
            "masonVersion": "v1",
            // comments and trailing commas are allowed
            "services": [
                {
                    "name": "web",
                    "image": "{{webImage}}",
                    "scale": {{webScale}},
                    "ports": ["80"],
                    "links": ["db:database"],
                    "environment": { "MODE": "prod" },
                },
                {
                    "name": "db",
                    "image": "postgres:16",
                    "questions": [ { "key": "POSTGRES_PASSWORD", "value": "" } ],
                },
            ],
        }
        """;

    /// <summary>Answers for <see cref="Shop"/>.</summary>
    public static Dictionary<string, string> ShopAnswers { get; } = new(StringComparer.Ordinal) { ["POSTGRES_PASSWORD"] = "s3cret-pa55" };

    /// <summary>A file with two errors: a bad host port and a missing image.</summary>
    public const string TwoErrors = """
        {
            "name": "broken",
            "masonVersion": "v1",
            "services": [
                { "name": "web", "image": "nginx", "ports": ["80800:80"] },
                { "name": "worker" }
            ]
        }
        """;
}
