namespace Codemason.Controller.Store;

/// <summary>The database cannot be used by this binary (its schema is newer, or a migration failed); the controller refuses to start.</summary>
public sealed class StoreSchemaException(string message, Exception? innerException = null) : Exception(message, innerException);
