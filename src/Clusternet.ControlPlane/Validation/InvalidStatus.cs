using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>Builds the 422 <c>Invalid</c> <see cref="V1Status"/> kube-apiserver answers when an object fails validation.</summary>
public static class InvalidStatus
{
    /// <summary>
    /// Builds the status for <paramref name="errors"/> of the object <paramref name="name"/> of
    /// <paramref name="kind"/> in <paramref name="group"/>.
    /// </summary>
    /// <remarks>
    /// The message is <c>&lt;Kind&gt;.&lt;group&gt; "&lt;name&gt;" is invalid: &lt;errors&gt;</c>: one error stands alone, several are
    /// bracketed and comma-separated, and repeated messages appear once (causes keep every error). The core group
    /// (empty) gives just <c>&lt;Kind&gt;</c>. Each cause carries the error's reason, its message without the field, and the field.
    /// </remarks>
    /// <param name="group">The API group, e.g. <c>apps.clusternet.io</c>; empty for the core group.</param>
    /// <param name="kind">The kind, e.g. <c>Subscription</c>.</param>
    /// <param name="name">The object's name.</param>
    /// <param name="errors">The validation errors, in the order found.</param>
    /// <returns>A <c>Failure</c> status with reason <c>Invalid</c> and code 422.</returns>
    public static V1Status Create(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : kind + "." + group;
        var causes = new List<V1StatusCause>(errors.Count);
        var messages = new List<string>(errors.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            causes.Add(new V1StatusCause { Reason = error.Type.Reason, Message = error.Body, Field = error.Field });
            var text = error.ToString();
            if (seen.Add(text))
            {
                messages.Add(text);
            }
        }

        var message = messages.Count switch
        {
            0 => qualifiedKind + " " + GoValueFormat.Quote(name) + " is invalid",
            1 => qualifiedKind + " " + GoValueFormat.Quote(name) + " is invalid: " + messages[0],
            _ => qualifiedKind + " " + GoValueFormat.Quote(name) + " is invalid: [" + string.Join(", ", messages) + "]",
        };

        return new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Failure",
            Message = message,
            Reason = "Invalid",
            Details = new V1StatusDetails { Name = name, Group = group, Kind = kind, Causes = causes },
            Code = 422,
        };
    }
}
