using k8s.Models;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// A patch that could not be applied, carrying the HTTP status code, the Kubernetes <c>Status</c> reason and the
/// message kube-apiserver sends for it, so the API layer answers with <see cref="ToStatus"/> unchanged.
/// </summary>
/// <remarks>
/// kube-apiserver answers a malformed patch document with 400 <c>BadRequest</c> (the message is the decoder's), a
/// well-formed JSON patch that fails against the object (a failed <c>test</c>, a missing path) with 422 <c>Invalid</c>
/// and the generic message "the server rejected our request due to an error in our request" (the json-patch library's
/// text is dropped there; <see cref="Detail"/> keeps it for logs), and a strategic merge patch of a kind without Go
/// struct tags (a custom resource) with 415 <c>UnsupportedMediaType</c>.
/// </remarks>
public sealed class PatchException : Exception
{
    /// <summary>The message kube-apiserver puts into a 422 answer for a JSON patch that does not apply.</summary>
    public const string RejectedMessage = "the server rejected our request due to an error in our request";

    private PatchException(int code, string reason, string message, string detail, int? operationIndex, string? path)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Detail = detail;
        OperationIndex = operationIndex;
        Path = path;
    }

    /// <summary>The HTTP status code: 400, 422 or 415.</summary>
    public int Code { get; }

    /// <summary>The <c>Status</c> reason: <c>BadRequest</c>, <c>Invalid</c> or <c>UnsupportedMediaType</c>.</summary>
    public string Reason { get; }

    /// <summary>What exactly went wrong, in the json-patch library's words; equals <see cref="Exception.Message"/> except for 422.</summary>
    public string Detail { get; }

    /// <summary>The zero-based index of the JSON patch operation that failed, when the patch is a JSON patch.</summary>
    public int? OperationIndex { get; }

    /// <summary>The JSON pointer (or the dotted field path for strategic merge patch) the failure is about, when known.</summary>
    public string? Path { get; }

    /// <summary>Builds the <c>Failure</c> status to send for this error.</summary>
    /// <returns>A status with this error's code, reason and message.</returns>
    public V1Status ToStatus() => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = Message,
        Reason = Reason,
        Code = Code,
    };

    internal static PatchException BadRequest(string message, int? operationIndex = null, string? path = null) =>
        new(400, "BadRequest", message, message, operationIndex, path);

    internal static PatchException Invalid(string detail, int? operationIndex = null, string? path = null) =>
        new(422, "Invalid", RejectedMessage, detail, operationIndex, path);

    internal static PatchException UnsupportedMediaType(string message) =>
        new(415, "UnsupportedMediaType", message, message, null, null);
}
