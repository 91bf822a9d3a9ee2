using Codemason.Mortar.Model;
using Codemason.Testing.Processes;

namespace Codemason.Mortar.Tests.CatalogItems;

/// <summary>The one-click catalog's built-in item files, <c>catalog/items/&lt;name&gt;.json</c>, as the tests read them.</summary>
internal static class CatalogItemFiles
{
    /// <summary>Every built-in item, one file each.</summary>
    public static readonly string[] Names = ["postgres", "mysql", "mariadb", "redis", "mongo", "rabbitmq", "memcached", "registry"];

    public static string Directory => Path.Combine(ProcessLauncher.RepositoryRoot, "catalog", "items");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".json");

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The item's only service after the whole pipeline (answers applied), as Codemason would deploy it.</summary>
    public static ServiceSpec Service(string name, IReadOnlyDictionary<string, string> answers)
    {
        var result = MortarPipeline.Process(Read(name), new MortarContext { Answers = answers });
        return result.GetAppOrThrow().Services.Single();
    }
}
