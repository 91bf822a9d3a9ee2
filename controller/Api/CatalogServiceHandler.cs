using Codemason.Controller.Apply;
using Codemason.Controller.Auth;
using Codemason.Controller.Catalog;
using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using Grpc.Core;
using ProtoCatalogItem = Codemason.Proto.V1.CatalogItem;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.CatalogService</c>: list and show the catalog's items, add one to an app.</summary>
public sealed class CatalogServiceHandler(ICatalog catalog, ApplyCoordinator coordinator) : CatalogService.CatalogServiceBase
{
    public override Task<ListCatalogItemsResponse> ListItems(ListCatalogItemsRequest request, ServerCallContext context) => ApiCall.RunAsync(() =>
    {
        var current = catalog.Current;
        return Task.FromResult(new ListCatalogItemsResponse
        {
            Items = { current.Items.Select(i => ToMessage(i, full: false)) },
            Problems = { current.Problems },
        });
    });

    public override Task<ProtoCatalogItem> GetItem(GetCatalogItemRequest request, ServerCallContext context) => ApiCall.RunAsync(() =>
        Task.FromResult(ToMessage(Find(RequestValidation.Required(request.Name, "name")), full: true)));

    public override Task<ApplyResponse> AddItem(AddCatalogItemRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var key = RequestValidation.AppKeyOf(request.Environment, request.App);
        var item = Find(RequestValidation.Required(request.Item, "item"));
        var answers = request.Answers.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var outcome = await coordinator.AddFromCatalogAsync(key, item, RequestValidation.Optional(request.Service), answers,
            context.GetCaller().Name, context.CancellationToken);
        return AppServiceHandler.ToResponse(outcome);
    });

    /// <summary>The item of that name, or the only one with that keyword.</summary>
    private Catalog.CatalogItem Find(string name)
    {
        var current = catalog.Current;
        return current.Match(name) switch
        {
            [var item] => item,
            [] => throw new NotFoundException(
                $"the catalog has no item \"{name}\" (it has {string.Join(", ", current.Items.Select(i => i.Name))}; see mason catalog list)"),
            var several => throw new NotFoundException(
                $"several catalog items answer to \"{name}\" ({string.Join(", ", several.Select(i => i.Name))}); name one of them"),
        };
    }

    private static ProtoCatalogItem ToMessage(Catalog.CatalogItem item, bool full)
    {
        var message = new ProtoCatalogItem
        {
            Name = item.Name,
            Description = item.Description,
            Keywords = { item.Keywords },
            Image = item.Image,
            Source = item.Source,
            Website = item.Website ?? string.Empty,
            Ports = { item.Ports.Select(p => p.Protocol == Mortar.Model.PortProtocol.Udp ? $"{p.ContainerPort}/udp" : $"{p.ContainerPort}") },
        };
        if (full)
        {
            message.MasonJson = item.MasonJson;
            message.Questions.Add(item.Questions.Select(q => new CatalogQuestion
            {
                Key = q.Key,
                DefaultValue = q.Default,
                Description = q.Description ?? string.Empty,
                Required = q.Required,
                Secret = q.Secret,
            }));
        }
        return message;
    }
}
