namespace Codemason.Controller.Scheduling;

/// <summary>Why a node cannot take a replica, in the order the filters run (and explanations list them).</summary>
internal enum RejectionKind
{
    Down,
    Unknown,
    Drained,
    Cordoned,
    Constraint,
    NodeMaxReplicas,
    ServiceMaxPerNode,
    Port,
    Memory,
    Cpu,
}
