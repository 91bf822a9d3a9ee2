namespace Codemason.Docker.Exec;

/// <summary>The fields of <c>GET /exec/{id}/json</c> we use.</summary>
internal sealed record ExecInspectBody
{
    public bool Running { get; init; }

    public long? ExitCode { get; init; }
}
