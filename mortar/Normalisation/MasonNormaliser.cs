using Codemason.Identity;
using System.Globalization;
using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation.Questions;
using Codemason.Mortar.Normalisation.Registries;
using Codemason.Mortar.Normalisation.Routes;
using Codemason.Mortar.Normalisation.Rules;
using Codemason.Mortar.Normalisation.Services;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Walks a parsed mason.json once, section by section — header, registries, questions, each service (through
/// <see cref="ServiceReader"/> and its readers), then the rules across the app — checking every value and building
/// the draft model from the alternative forms. Never throws for bad input; every problem goes to the
/// <see cref="ErrorSink"/>. With <see cref="TemplateVariables"/> null it only checks (local validation).
/// </summary>
internal sealed class MasonNormaliser(ErrorSink errors, MortarLimits limits, TemplateVariables? variables, AppName? appOverride, string? hostPathBase, HostPolicyRules? policy = null)
{
    private readonly NodeReader _reader = new(errors);

    public AppDraft? Run(MasonDocument document)
    {
        if (document.Root is not MasonObject root)
        {
            errors.Add(MasonPath.Root, document.Root.Position,
                $"a mason.json is a JSON object such as {{ \"name\": \"web\", \"masonVersion\": \"v1\" }}, found {NodeText.Article(document.Root)}", MasonErrorKind.Schema);
            return null;
        }

        var header = new HeaderReader(_reader);
        header.CheckVersion(root);
        var type = header.ReadType(root);
        var name = header.ReadName(root, MasonPath.Root, "mason.json") ?? "app";
        var appName = appOverride ?? new AppName(name);
        var app = new AppDraft(appName, type)
        {
            Description = _reader.ReadString(root, "description", MasonPath.Root),
            Website = _reader.ReadString(root, "website", MasonPath.Root),
            Repository = _reader.ReadString(root, "repository", MasonPath.Root),
        };
        _reader.ReadStringList(root, "keywords", MasonPath.Root, app.Keywords);
        var registries = new RegistriesReader(_reader).Read(root);
        var templates = new TemplateReader(errors, variables is null ? null : variables with { App = variables.App ?? appName.Value });
        var services = new ServiceReader(_reader, templates, limits, hostPathBase ?? $"{MortarContext.DefaultHostPathRoot}/{appName.Value}", registries, policy, appName.Value);

        switch (type)
        {
            case MasonFileType.LoadBalancer:
                new LoadBalancerReader(_reader).Read(root, app);
                break;
            case MasonFileType.Application:
                CheckNoTargets(root);
                ReadApplication(root, app, services);
                break;
            default:
                CheckNoTargets(root);
                ReadServiceFile(root, app, services);
                break;
        }
        AppRules.Check(app, errors);
        return app;
    }

    /// <summary><c>targets</c> belong to a load balancer file; an application or service routes with its services' <c>domains</c>.</summary>
    private void CheckNoTargets(MasonObject root)
    {
        if (root.Find("targets") is { } targets)
        {
            errors.Add(MasonPath.Root.Property("targets"), targets.NamePosition,
                "\"targets\" belong to a load balancer file (\"type\": \"loadbalancer\"); a service is given hostnames with \"domains\"", MasonErrorKind.Schema);
        }
    }

    private void ReadApplication(MasonObject root, AppDraft app, ServiceReader services)
    {
        _reader.CheckProperties(root, MasonPath.Root, MasonFields.Application, belongToService: MasonFields.Service);
        new QuestionsReader(_reader).Read(root, MasonPath.Root, service: null, app.Questions);
        var count = 0;
        foreach (var (field, kind) in new[] { ("services", ServiceKind.Service), ("instances", ServiceKind.Instance) })
        {
            var list = _reader.ReadArray(root, field, MasonPath.Root);
            if (list is null)
            {
                continue;
            }
            var listPath = MasonPath.Root.Property(field);
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (++count > limits.MaxServices)
                {
                    errors.Add(listPath.Index(i), list.Items[i].Position, string.Create(CultureInfo.InvariantCulture,
                        $"more than the limit of {limits.MaxServices} services and instances in one application"), MasonErrorKind.Limit);
                    break;
                }
                var itemPath = listPath.Index(i);
                if (list.Items[i] is not MasonObject item)
                {
                    _reader.TypeError(itemPath, list.Items[i], "an object describing a service");
                    continue;
                }
                if (services.Read(item, itemPath, kind, app.Questions, isFile: false) is { } service)
                {
                    app.Services.Add(service);
                }
            }
        }
        if (count == 0 && root.Find("services") is null && root.Find("instances") is null)
        {
            errors.Add(MasonPath.Root.Property("services"), root.Position,
                "an application lists its services in \"services\" (or the legacy \"instances\")", MasonErrorKind.Semantic);
        }
    }

    /// <summary>A service or instance file: one service, whose top level may also hold the file's <c>$schema</c> and <c>registries</c>.</summary>
    private void ReadServiceFile(MasonObject root, AppDraft app, ServiceReader services)
    {
        _reader.CheckProperties(root, MasonPath.Root, MasonFields.File);
        foreach (var field in new[] { "services", "instances" })
        {
            if (root.Find(field) is { } misplaced)
            {
                errors.Add(MasonPath.Root.Property(field), misplaced.NamePosition,
                    $"\"{field}\" is only allowed in an application; remove \"type\" or set it to \"application\"", MasonErrorKind.Semantic);
            }
        }
        var kind = app.Type == MasonFileType.Instance ? ServiceKind.Instance : ServiceKind.Service;
        if (services.Read(root, MasonPath.Root, kind, app.Questions, isFile: true) is { } service)
        {
            app.Services.Add(service);
        }
    }
}
