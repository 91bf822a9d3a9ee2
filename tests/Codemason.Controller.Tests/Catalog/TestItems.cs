using Codemason.Controller.Catalog;

namespace Codemason.Controller.Tests.Catalog;

/// <summary>Catalog items written for the tests (the shipped ones are checked by <see cref="CatalogProviderTests"/>).</summary>
internal static class TestItems
{
    public const string Redis = """
        {
          "masonVersion": "v1",
          "type": "service",
          "name": "redis",
          "description": "a key-value store",
          "keywords": ["cache"],
          "image": "redis:7",
          "ports": ["6379"],
          "questions": [ { "key": "REDIS_PASSWORD", "value": "", "secret": true } ],
          "volumes": ["data:/data"],
        }
        """;

    public const string Postgres = """
        {
          "masonVersion": "v1",
          "type": "service",
          "name": "postgres",
          "description": "a SQL database",
          "keywords": ["pg", "postgresql", "database"],
          "image": "postgres:17",
          "ports": ["5432"],
          "questions": [
            { "key": "POSTGRES_PASSWORD", "value": "" },
            { "key": "POSTGRES_USER", "value": "postgres" },
          ],
        }
        """;

    public const string Mysql = """
        { "masonVersion": "v1", "type": "service", "name": "mysql", "keywords": ["database"], "image": "mysql:8.4", "ports": ["3306"] }
        """;

    /// <summary>redis, postgres and mysql ("database" answers to both of the last two).</summary>
    public static CatalogSet Set() => new([Read(Redis), Read(Postgres), Read(Mysql)], []);

    public static CatalogItem Read(string text, string source = "test")
    {
        var (item, problems) = CatalogItemReader.Read(text, source);
        return item ?? throw new InvalidOperationException(string.Join("\n", problems));
    }
}
