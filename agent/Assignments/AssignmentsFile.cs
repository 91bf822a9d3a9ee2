using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Agent.Assignments;

/// <summary>
/// Reads the standalone-mode assignments file: an <see cref="AssignmentSet"/> in protobuf JSON.
/// Friendly to hand-written files: the kind defaults to COMPLETE, replica ids and spec hashes are
/// derived when missing, the replica index defaults to 1.
/// </summary>
public static class AssignmentsFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>Parses the file's text; a malformed file throws <see cref="AssignmentsFileException"/> with a clear message.</summary>
    public static AssignmentSet Parse(string json, string path)
    {
        AssignmentSet set;
        try
        {
            set = Parser.Parse<AssignmentSet>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            throw new AssignmentsFileException($"{path}: not a valid assignment set: {ex.Message}", ex);
        }
        if (set.Kind == AssignmentSet.Types.Kind.Unspecified)
        {
            set.Kind = AssignmentSet.Types.Kind.Complete;
        }
        if (set.Kind != AssignmentSet.Types.Kind.Complete)
        {
            throw new AssignmentsFileException($"{path}: an assignments file holds a COMPLETE set");
        }
        var errors = new List<string>();
        var seen = new HashSet<ReplicaId>();
        for (var i = 0; i < set.Upserts.Count; i++)
        {
            var replica = set.Upserts[i];
            if (replica.Index == 0)
            {
                replica.Index = 1;
            }
            if (string.IsNullOrEmpty(replica.Environment) || string.IsNullOrEmpty(replica.App) || string.IsNullOrEmpty(replica.Service))
            {
                errors.Add($"upserts[{i}]: environment, app and service are required");
                continue;
            }
            if (replica.Spec is null || string.IsNullOrEmpty(replica.Spec.Image))
            {
                errors.Add($"upserts[{i}] ({replica.Service}): spec.image is required");
                continue;
            }
            if (replica.Index > int.MaxValue)
            {
                errors.Add($"upserts[{i}] ({replica.Service}): index {replica.Index} is too large");
                continue;
            }
            ReplicaId expected;
            try
            {
                expected = new ReplicaId(new AppKey(replica.Environment, replica.App), replica.Service, (int)replica.Index);
            }
            catch (ArgumentException e)
            {
                errors.Add($"upserts[{i}]: {e.Message}");
                continue;
            }
            if (string.IsNullOrEmpty(replica.ReplicaId))
            {
                replica.ReplicaId = expected.Value;
            }
            else if (replica.ReplicaId != expected.Value)
            {
                errors.Add($"upserts[{i}]: replicaId '{replica.ReplicaId}' does not match '{expected}'");
            }
            if (!seen.Add(expected))
            {
                errors.Add($"upserts[{i}]: replica {expected} appears twice");
            }
            if (string.IsNullOrEmpty(replica.SpecHash))
            {
                replica.SpecHash = SpecHash.Of(replica.Spec).Value;
            }
            else if (!SpecHash.TryParse(replica.SpecHash, out _))
            {
                errors.Add($"upserts[{i}]: specHash '{replica.SpecHash}' is not {SpecHash.Form}; leave it out and the agent derives it");
            }
        }
        if (errors.Count > 0)
        {
            throw new AssignmentsFileException($"{path}: {string.Join("; ", errors)}");
        }
        return set;
    }
}
