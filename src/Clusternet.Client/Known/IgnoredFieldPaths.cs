namespace Clusternet.Known;

/// <summary>
/// JSON pointers of the fields left out when Clusternet compares a desired object with the one in a
/// cluster: they are set by the server, so they always differ.
/// </summary>
public static class IgnoredFieldPaths
{
    /// <summary>The object's generation.</summary>
    public const string Generation = "/metadata/generation";

    /// <summary>The object's creation time.</summary>
    public const string CreationTimestamp = "/metadata/creationTimestamp";

    /// <summary>The server-side apply bookkeeping.</summary>
    public const string ManagedFields = "/metadata/managedFields";

    /// <summary>The object's UID.</summary>
    public const string Uid = "/metadata/uid";

    /// <summary>The deprecated self link.</summary>
    public const string SelfLink = "/metadata/selfLink";

    /// <summary>The object's resourceVersion.</summary>
    public const string ResourceVersion = "/metadata/resourceVersion";

    /// <summary>The whole status section.</summary>
    public const string Status = "/status";
}
