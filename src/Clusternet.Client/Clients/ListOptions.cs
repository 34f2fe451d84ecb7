namespace Clusternet.Clients;

/// <summary>Query parameters of a list call (<c>metav1.ListOptions</c> without the watch fields).</summary>
public sealed record ListOptions
{
    /// <summary>A label selector, such as <c>app=nginx,tier!=db</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector, such as <c>metadata.name=foo</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>The page size; null lets the server return everything.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>The resourceVersion to read at (with <see cref="ResourceVersionMatch"/>); <c>"0"</c> allows a cached read.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>Exact</c> or <c>NotOlderThan</c>.</summary>
    public string? ResourceVersionMatch { get; init; }

    /// <summary>Server-side timeout of the call, in seconds.</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>Query parameters of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>A label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Where to start: events after this resourceVersion. Null or <c>"0"</c> start from "any" (the server first sends the current state as ADDED events).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask the server for BOOKMARK events (default true); they keep the resume point fresh.</summary>
    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>
    /// How long one watch request lasts on the server, in seconds. Kept shorter than the server's own limit so
    /// that a silent connection is noticed; a resuming watch simply reopens. Null lets the server choose.
    /// </summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Ask for the initial state as events first (<c>sendInitialEvents</c>, with <c>resourceVersionMatch=NotOlderThan</c>).</summary>
    public bool? SendInitialEvents { get; init; }
}

/// <summary>Options of create, update and update-status calls.</summary>
public sealed record WriteOptions
{
    /// <summary>Validate and return the result without persisting it (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>The field manager recorded in managedFields.</summary>
    public string? FieldManager { get; init; }

    /// <summary>How the server treats unknown or duplicate fields: <c>Ignore</c>, <c>Warn</c> or <c>Strict</c>.</summary>
    public string? FieldValidation { get; init; }
}

/// <summary>Options of a patch call.</summary>
public sealed record PatchOptions
{
    /// <summary>Validate and return the result without persisting it (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>The field manager; required by the server for server-side apply.</summary>
    public string? FieldManager { get; init; }

    /// <summary>For server-side apply: take ownership of fields other managers own.</summary>
    public bool? Force { get; init; }

    /// <summary>How the server treats unknown or duplicate fields: <c>Ignore</c>, <c>Warn</c> or <c>Strict</c>.</summary>
    public string? FieldValidation { get; init; }
}

/// <summary>Options of a delete call (sent as a <c>DeleteOptions</c> body).</summary>
public sealed record DeleteOptions
{
    /// <summary>Validate without deleting (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary><c>Background</c>, <c>Foreground</c> or <c>Orphan</c>.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Seconds before the object is deleted; 0 deletes at once.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Delete only if the object still has this UID.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if the object still has this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }
}
