using System.Globalization;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public Task<int> RepairReplicasAsync(AppKey app, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var current = context.Scalar(
                "SELECT current_revision FROM apps WHERE environment = $environment AND name = $name AND deleted_at IS NULL",
                ("$environment", app.Environment), ("$name", app.App));
            var number = current is null ? 0 : Convert.ToInt64(current, CultureInfo.InvariantCulture);
            IReadOnlyList<ServiceDraft> services = current is null
                ? []
                : context.Query(
                    "SELECT name, spec_hash, spec, scale, ports, placement FROM services WHERE environment = $environment AND app = $app AND app_revision = $number",
                    r => new ServiceDraft(r.GetString(0), SpecHash.Parse(r.GetString(1)), ContainerSpec.Parser.ParseFrom((byte[])r[2]), r.GetInt32(3), StoreJson.ReadList(r.GetString(4)))
                    {
                        Placement = StoredPlacement.FromJson(r.GetString(5)),
                    },
                    ("$environment", app.Environment), ("$app", app.App), ("$number", number));
            var written = ReconcileReplicas(context, app, number, services);
            if (written > 0)
            {
                context.AddEvent(new NewEvent(
                    "repaired",
                    string.Create(CultureInfo.InvariantCulture, $"{written} replica row(s) of app {app.App} did not match revision {number} and were rewritten"),
                    app.Environment,
                    app.App));
            }
            return written;
        }, cancellationToken);
}
