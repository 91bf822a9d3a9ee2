namespace Codemason.Controller.Store;

/// <summary>A subscriber did not read its changes fast enough and was cut off; catch up from the change log and subscribe again.</summary>
public sealed class ChangeFeedOverflowException() : Exception("the subscriber fell too far behind the change feed");
