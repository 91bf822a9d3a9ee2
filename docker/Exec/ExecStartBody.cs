namespace Codemason.Docker.Exec;

/// <summary>The engine's JSON for <c>POST /exec/{id}/start</c>.</summary>
internal sealed record ExecStartBody(bool Detach, bool Tty);
