namespace Clusternet.ControlPlane.Storage;

/// <summary>A storage operation refused; the API layer turns each kind into its <c>Status</c>.</summary>
public abstract class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The object does not exist (404 <c>NotFound</c>).</summary>
public sealed class StorageNotFoundException : StorageException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public StorageNotFoundException(StorageKey key)
        : base($"{key} not found") => Key = key;

    /// <summary>The missing object's address.</summary>
    public StorageKey Key { get; }
}

/// <summary>A create found an object under the same key (409 <c>AlreadyExists</c>).</summary>
public sealed class StorageAlreadyExistsException : StorageException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public StorageAlreadyExistsException(StorageKey key)
        : base($"{key} already exists") => Key = key;

    /// <summary>The address that is taken.</summary>
    public StorageKey Key { get; }
}

/// <summary>
/// A precondition failed: the stored resourceVersion or uid is not the one the caller expected
/// (409 <c>Conflict</c>, "the object has been modified").
/// </summary>
public sealed class StorageConflictException : StorageException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public StorageConflictException(StorageKey key, string message)
        : base(message) => Key = key;

    /// <summary>The object whose precondition failed.</summary>
    public StorageKey Key { get; }
}

/// <summary>
/// The history needed is gone (410 <c>Expired</c>): a watch or a continue token asked for a
/// resourceVersion older than the history window, or a watcher fell so far behind that it was dropped.
/// The client lists again and watches from the new list's resourceVersion.
/// </summary>
public sealed class StorageExpiredException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageExpiredException(long requestedResourceVersion, long oldestResourceVersion, string message)
        : base(message)
    {
        RequestedResourceVersion = requestedResourceVersion;
        OldestResourceVersion = oldestResourceVersion;
    }

    /// <summary>The resourceVersion asked for.</summary>
    public long RequestedResourceVersion { get; }

    /// <summary>The oldest resourceVersion the history can still serve from.</summary>
    public long OldestResourceVersion { get; }
}
