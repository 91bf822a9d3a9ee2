namespace Codemason.Controller.Store;

/// <summary>How an object changed (values match <c>WatchEvent.Type</c>).</summary>
public enum ChangeType
{
    Added = 1,
    Modified = 2,
    Deleted = 3,
}
