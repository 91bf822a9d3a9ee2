using System.Collections.Concurrent;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Proto.V1;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Rotates node credentials over the agents' sessions. The new credential is kept pending beside the current one
/// (both work) and sent in a <see cref="CredentialRotation"/>; when the agent answers <see cref="CredentialStored"/>
/// (it saved it to its state file) the new one replaces the old, which stops working. An agent cut off before its
/// answer arrives comes back with whichever it holds: the new one confirms the rotation, the old one drops it.
/// </summary>
public sealed class CredentialRotator(INodeStore nodes, AgentConnections connections)
{
    /// <summary>How long <see cref="RotateAsync"/> waits for the agent's confirmation by default: 15 s.</summary>
    public static readonly TimeSpan DefaultConfirmationTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Issues <paramref name="node"/> a new credential over its session and waits up to <paramref name="timeout"/> for the
    /// agent to confirm it; true when confirmed (the old credential no longer works). No session: <c>FailedPreconditionException</c>.
    /// </summary>
    public async Task<bool> RotateAsync(NodeId node, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = connections.Get(node)
            ?? throw new FailedPreconditionException($"node {node} has no session: a credential is rotated over the agent's session, so start its agent first");
        var credential = await nodes.BeginCredentialRotationAsync(node, cancellationToken);
        var rotationId = Guid.NewGuid().ToString("N");
        var pending = new Pending(node, credential);
        _pending[rotationId] = pending;
        try
        {
            connection.Send(new ControllerMessage { CredentialRotation = new CredentialRotation { NodeCredential = credential, RotationId = rotationId } });
            return await pending.Confirmed.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _pending.TryRemove(rotationId, out _);
        }
    }

    /// <summary>The agent of <paramref name="node"/> stored the credential of <paramref name="rotationId"/>: make it the node's credential.</summary>
    public async Task ConfirmAsync(NodeId node, string rotationId, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(rotationId, out var pending) || pending.Node != node)
        {
            return;
        }
        var confirmed = await nodes.ConfirmCredentialRotationAsync(node, pending.Credential, cancellationToken);
        pending.Confirmed.TrySetResult(confirmed);
    }

    private sealed record Pending(NodeId Node, string Credential)
    {
        public TaskCompletionSource<bool> Confirmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
