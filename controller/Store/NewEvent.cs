namespace Codemason.Controller.Store;

/// <summary>An event to record; the store stamps it with the time and the store revision.</summary>
/// <param name="Kind">Short machine-readable kind: "scheduled", "started", "died", "node-down", ...</param>
/// <param name="Message">What happened, for a person.</param>
/// <param name="Environment">Environment it concerns; empty when none.</param>
/// <param name="App">App it concerns; empty when none.</param>
/// <param name="Service">Service it concerns; empty when none.</param>
/// <param name="ReplicaId">Replica it concerns; empty when none.</param>
/// <param name="NodeId">Node it concerns; empty when none.</param>
/// <param name="Actor">Name of the API token whose call caused it; empty when the system did it on its own.</param>
public sealed record NewEvent(
    string Kind,
    string Message,
    string Environment = "",
    string App = "",
    string Service = "",
    string ReplicaId = "",
    string NodeId = "",
    string Actor = "");
