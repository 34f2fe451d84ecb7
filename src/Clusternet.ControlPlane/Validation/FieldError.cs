using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// One validation failure of one field, shaped like Kubernetes' <c>field.Error</c> so it renders to the same
/// message and <c>details.causes[]</c> entry kube-apiserver writes.
/// </summary>
/// <param name="Type">What is wrong.</param>
/// <param name="Field">
/// The field path as kube-apiserver reports it: <c>spec.subscribers[0].clusterAffinity</c>. Errors that kube-apiserver
/// cannot attach to a field (anyOf/oneOf/allOf/not failures, failures of the root itself) carry <c>&lt;nil&gt;</c>, as it does.
/// </param>
/// <param name="BadValue">The offending value (JSON null when it was null); shown in the message where the type shows values.</param>
/// <param name="Detail">The explanation after the value, e.g. <c>supported values: "Replication", "Dividing"</c>; empty when none.</param>
public sealed record FieldError(FieldErrorType Type, string Field, JsonNode? BadValue, string Detail)
{
    /// <summary>
    /// The value as Go prints a typed value of built-in validation (<c>%#v</c> of a <c>map[string]string</c> reads
    /// <c>map[string]string{"app":"web"}</c>), used instead of <see cref="BadValue"/>'s JSON rendering when set.
    /// </summary>
    public string? GoValue { get; init; }

    /// <summary>
    /// The message without the field: <c>Unsupported value: "Foo": supported values: "Replication", "Dividing"</c>.
    /// This is what kube-apiserver writes to <c>details.causes[].message</c>.
    /// </summary>
    public string Body
    {
        get
        {
            var body = Type.ShowsValue ? Type.Description + ": " + (GoValue ?? GoValueFormat.Value(BadValue)) : Type.Description;
            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    /// <summary>The whole message, <c>&lt;field&gt;: &lt;body&gt;</c>, e.g. <c>spec.feeds: Required value</c>.</summary>
    public override string ToString() => Field + ": " + Body;
}
