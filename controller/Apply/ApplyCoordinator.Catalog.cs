using Codemason.Controller.Catalog;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Apply;

// Catalog items deployed: as an app of their own for an apply's link (find or create), or added to an app.
public sealed partial class ApplyCoordinator
{
    /// <summary>The item's app, made before the app whose link asked for it (reason "catalog ITEM for APP").</summary>
    private async Task CreateFromCatalogAsync(ApplyCommand command, AppKey linkedBy, CatalogItem item, CancellationToken cancellationToken)
    {
        var key = new AppKey(command.Environment, item.Name);
        var answers = CatalogAnswers.For(item.Name, command.Answers);
        var app = await ProcessItemAsync(command.Environment, item, new AppName(item.Name), answers, cancellationToken);
        var draft = new RevisionDraft(
            key,
            command.Who,
            $"catalog {item.Name} for {linkedBy.App}",
            item.MasonJson,
            SecretRedaction.RedactAnswers(answers, item.Questions),
            MortarJson.Serialize(app),
            ContainerSpecMapper.ToServiceDrafts(app))
        {
            Spec = app,
        };
        await CommitAsync(draft, cancellationToken);
    }

    /// <summary>
    /// Adds a catalog item to an app as one more service (reason "add ITEM", or "add ITEM as NAME"); makes the app when
    /// the environment has none of that name.
    /// </summary>
    /// <exception cref="AlreadyExistsException">The app has a service of that name already.</exception>
    /// <exception cref="InvalidMasonJsonException">The item's questions lack answers (or the environment's policy refuses it).</exception>
    public async Task<ApplyOutcome> AddFromCatalogAsync(AppKey key, CatalogItem item, string? serviceName, IReadOnlyDictionary<string, string> answers,
        string who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var name = string.IsNullOrEmpty(serviceName) ? item.Name : serviceName;
        if (!NameRules.IsName(name))
        {
            throw new InvalidRequestException($"service name \"{name}\" is invalid: {NameRules.NameRule}");
        }
        var scoped = CatalogAnswers.For(item.Name, answers);
        var added = (await ProcessItemAsync(key.Environment, item, new AppName(key.App), scoped, cancellationToken)).Services[0] with
        {
            Name = new ServiceName(name),
        };
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var current = await apps.GetAppAsync(key, cancellationToken) is null ? null : await apps.GetRevisionAsync(key, 0, cancellationToken);
            var before = current is null ? null : MortarJson.DeserializeApp(current.NormalizedJson);
            if (before?.FindService(name) is { } taken)
            {
                throw new AlreadyExistsException(
                    $"app \"{key.App}\" has a service \"{taken.Name}\" already; pass another name for the {item.Name} service (mason add {item.Name} --app {key.App} --name NAME)");
            }
            var app = before is null
                ? new AppSpec(new AppName(key.App), MasonFileType.Application, "v1", null, [], null, null, [added])
                : before with { Type = MasonFileType.Application, Services = [.. before.Services, added] };
            var storedAnswers = current?.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (answerKey, value) in SecretRedaction.RedactAnswers(scoped, item.Questions))
            {
                storedAnswers[$"{name}.{answerKey}"] = value;
            }
            var draft = new RevisionDraft(
                key,
                who,
                name == item.Name ? $"add {item.Name}" : $"add {item.Name} as {name}",
                current?.Source ?? item.MasonJson,
                storedAnswers,
                MortarJson.Serialize(app),
                ContainerSpecMapper.ToServiceDrafts(app),
                current is null ? null : (long)current.Number)
            {
                Spec = app,
            };
            if (TooManyReplicas(draft.Services) is { } tooMany)
            {
                throw new FailedPreconditionException($"cannot add {item.Name} to {key.App}: {tooMany}");
            }
            return await CommitLockedAsync(draft, cancellationToken);
        }
    }

    /// <summary>The item's mason.json through Mortar for this environment (its host policy, its links), as <paramref name="app"/>.</summary>
    private async Task<AppSpec> ProcessItemAsync(string environment, CatalogItem item, AppName app, IReadOnlyDictionary<string, string> answers,
        CancellationToken cancellationToken)
    {
        var policy = await environments.GetHostPolicyAsync(environment, cancellationToken)
            ?? throw new NotFoundException($"environment \"{environment}\" does not exist");
        var context = new MortarContext
        {
            AppName = app,
            Answers = answers,
            HostPolicy = policy,
            Discovery = new EnvironmentServiceDiscovery(apps, environment, CatalogSet.Empty, new HashSet<string>()),
        };
        var result = await MortarPipeline.ProcessAsync(item.MasonJson, context, cancellationToken);
        return result.Succeeded ? result.App! : throw new InvalidMasonJsonException(result.Errors);
    }
}
