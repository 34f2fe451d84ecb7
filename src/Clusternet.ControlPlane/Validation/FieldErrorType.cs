namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The kind of a <see cref="FieldError"/>, as Kubernetes names it: <see cref="Reason"/> is the machine-readable
/// cause type written to <c>details.causes[].reason</c>, <see cref="Description"/> the words that open the message.
/// </summary>
public sealed class FieldErrorType
{
    private FieldErrorType(string reason, string description, bool showsValue)
    {
        Reason = reason;
        Description = description;
        ShowsValue = showsValue;
    }

    /// <summary>A value that was looked up and not found (<c>FieldValueNotFound</c>, "Not found").</summary>
    public static FieldErrorType NotFound { get; } = new("FieldValueNotFound", "Not found", true);

    /// <summary>A required value that is absent (<c>FieldValueRequired</c>, "Required value").</summary>
    public static FieldErrorType Required { get; } = new("FieldValueRequired", "Required value", false);

    /// <summary>A value that must be unique but is repeated (<c>FieldValueDuplicate</c>, "Duplicate value").</summary>
    public static FieldErrorType Duplicate { get; } = new("FieldValueDuplicate", "Duplicate value", true);

    /// <summary>A malformed value: pattern, bounds, format (<c>FieldValueInvalid</c>, "Invalid value").</summary>
    public static FieldErrorType Invalid { get; } = new("FieldValueInvalid", "Invalid value", true);

    /// <summary>A value outside an enumeration (<c>FieldValueNotSupported</c>, "Unsupported value").</summary>
    public static FieldErrorType NotSupported { get; } = new("FieldValueNotSupported", "Unsupported value", true);

    /// <summary>A well-formed value that is not permitted here (<c>FieldValueForbidden</c>, "Forbidden").</summary>
    public static FieldErrorType Forbidden { get; } = new("FieldValueForbidden", "Forbidden", false);

    /// <summary>A string longer than allowed (<c>FieldValueTooLong</c>, "Too long"); the value is never shown.</summary>
    public static FieldErrorType TooLong { get; } = new("FieldValueTooLong", "Too long", false);

    /// <summary>A list or map with more entries than allowed (<c>FieldValueTooMany</c>, "Too many").</summary>
    public static FieldErrorType TooMany { get; } = new("FieldValueTooMany", "Too many", true);

    /// <summary>A failure not caused by the input (<c>InternalError</c>, "Internal error").</summary>
    public static FieldErrorType Internal { get; } = new("InternalError", "Internal error", false);

    /// <summary>A value of the wrong JSON type or string format (<c>FieldValueTypeInvalid</c>, "Invalid value").</summary>
    public static FieldErrorType TypeInvalid { get; } = new("FieldValueTypeInvalid", "Invalid value", true);

    /// <summary>The cause type Kubernetes writes to <c>details.causes[].reason</c>, e.g. <c>FieldValueRequired</c>.</summary>
    public string Reason { get; }

    /// <summary>The words that open the message, e.g. <c>Required value</c>.</summary>
    public string Description { get; }

    /// <summary>Whether the message shows the bad value after the description (Kubernetes omits it for some types).</summary>
    internal bool ShowsValue { get; }

    /// <inheritdoc />
    public override string ToString() => Reason;
}
