using Codemason.Cli.Api;
using Codemason.Cli.Commands.Catalog;
using Codemason.Cli.Errors;
using Codemason.Cli.Hosting;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Deploy;

/// <summary>
/// Find or create at <c>mason deploy</c>: when the controller refuses an apply only because links name services the
/// environment lacks but catalog items can create (code <c>catalog</c>), or because such items' questions have no
/// answers, a terminal user is offered each item and asked its questions; without a terminal the deploy fails
/// listing the flags that create them.
/// </summary>
internal static class CatalogOffer
{
    private const string OfferCode = "catalog";
    private const string UnansweredCode = "question.unanswered";

    /// <summary>
    /// True when the refusal is about catalog items alone and the user took them: <paramref name="create"/> and
    /// <paramref name="answers"/> then hold what the next apply needs. False when other errors remain, or the user
    /// declined, so the refusal is shown as it is.
    /// </summary>
    /// <exception cref="UserErrorException">No terminal: the message lists the items and the flags to pass.</exception>
    public static async Task<bool> TryAcceptAsync(ControllerClient client, IPrompter? prompter, IReadOnlyList<ValidationError> errors,
        ISet<string> create, IDictionary<string, string> answers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0 || errors.Any(e => e.CatalogItem.Length == 0 || e.Code is not (OfferCode or UnansweredCode)))
        {
            return false;
        }
        var items = new List<CatalogItem>();
        foreach (var name in errors.Select(e => e.CatalogItem).Distinct(StringComparer.Ordinal))
        {
            items.Add(await client.GetCatalogItemAsync(name, ct));
        }
        if (prompter is null)
        {
            throw NoTerminal(errors, items, answers);
        }
        foreach (var item in items)
        {
            if (!create.Contains(item.Name))
            {
                var links = string.Join(", ", errors.Where(e => e.CatalogItem == item.Name).Select(e => e.Path));
                if (!prompter.Confirm($"{links} names a service this environment lacks. Create it from the catalog item {item.Name} ({item.Image}) as app \"{item.Name}\"?", true))
                {
                    return false;
                }
                create.Add(item.Name);
            }
            var completed = QuestionAsker.Complete(CatalogQuestions.Of(item, scoped: true), answers.AsReadOnly(), prompter);
            foreach (var (key, value) in completed)
            {
                answers[key] = value;
            }
        }
        return true;
    }

    private static UserErrorException NoTerminal(IReadOnlyList<ValidationError> errors, IReadOnlyList<CatalogItem> items, IDictionary<string, string> answers)
    {
        var lines = errors.Select(e => $"  {e.Path}: {e.Message}");
        var flags = items.SelectMany(item => CatalogQuestions.Of(item, scoped: true)
                .Where(q => q.IsUnanswered(answers.AsReadOnly()))
                .Select(q => $"--set {q.AnswerKey}=…")
                .Prepend($"--create {item.Name}"));
        return new UserErrorException(
            "links name services this environment lacks, and stdin is not a terminal to offer the catalog items that create them:\n" + string.Join("\n", lines),
            "deploy again with " + string.Join(" ", flags));
    }
}
