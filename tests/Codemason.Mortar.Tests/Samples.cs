namespace Codemason.Mortar.Tests;

/// <summary>Small mason.json texts shared by the unit tests.</summary>
internal static class Samples
{
    public const string Application = """
        {
            "name": "pebble",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "registry.example.com/pebble/web:${commit}",
                    "ports": ["8080:80"],
                    "environment": { "MODE": "prod", "REGION": "eu" },
                    "links": ["postgres", "redis"],
                    "labels": { "b": "2", "a": "1" },
                    "questions": [ { "key": "API_TOKEN", "value": "" } ],
                },
                {
                    "name": "postgres",
                    "image": "postgres:16",
                    "environment": ["POSTGRES_DB=pebble"],
                    "questions": [
                        { "key": "POSTGRES_PASSWORD", "value": "", "description": "superuser password" },
                        { "key": "POSTGRES_USER", "value": "admin" },
                        { "key": "POSTGRES_INITDB_ARGS", "value": "", "required": false },
                    ],
                },
            ],
            "registries": [ { "server": "registry.example.com", "username": "ci", "password": "pw" } ],
        }
        """;

    public static readonly Dictionary<string, string> Answers = new()
    {
        ["web.API_TOKEN"] = "t0k3n",
        ["POSTGRES_PASSWORD"] = "pa55",
    };

    public static MortarContext Context(IServiceDiscovery? discovery = null) => new()
    {
        Answers = Answers,
        Commit = "4f2a1c9",
        Discovery = discovery,
    };
}
