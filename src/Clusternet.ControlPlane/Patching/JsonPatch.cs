using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// A JSON patch (RFC 6902, <c>application/json-patch+json</c>): a parsed, validated list of operations that applies
/// atomically to a copy of a document.
/// </summary>
/// <remarks>
/// Parsing rejects every malformed operation up front with 400 <c>BadRequest</c> (a document that is not an array, an
/// unknown <c>op</c>, a missing <c>path</c>/<c>from</c>/<c>value</c>, a pointer that breaks RFC 6901). gopkg.in/evanphx/json-patch.v4,
/// which kube-apiserver uses, finds the operation-level ones only while applying and answers them with 422; doing it
/// first means a bad operation late in the patch is reported before any work. Failures against the document are 422
/// <c>Invalid</c> with kube-apiserver's generic message and the library's wording in <see cref="PatchException.Detail"/>.
/// </remarks>
public sealed class JsonPatch
{
    private readonly JsonPatchOperation[] _operations;

    private JsonPatch(JsonPatchOperation[] operations) => _operations = operations;

    /// <summary>The number of operations in the patch.</summary>
    public int Count => _operations.Length;

    /// <summary>Parses a patch from its UTF-8 JSON text.</summary>
    /// <param name="utf8Json">The request body.</param>
    /// <returns>The validated patch.</returns>
    /// <exception cref="PatchException">400 when the text is not JSON or not a well-formed patch.</exception>
    public static JsonPatch Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest("error decoding patch: " + e.Message);
        }

        return Parse(document);
    }

    /// <summary>Parses a patch document: a JSON array of operation objects.</summary>
    /// <param name="document">The patch; JSON <c>null</c> is an empty patch, as Go's decoder reads it.</param>
    /// <returns>The validated patch.</returns>
    /// <exception cref="PatchException">400 when the document is not a well-formed patch.</exception>
    public static JsonPatch Parse(JsonNode? document)
    {
        if (document is null)
        {
            return new JsonPatch([]);
        }

        if (document is not JsonArray array)
        {
            throw PatchException.BadRequest("json: cannot unmarshal " + GoTypeName(document) + " into Go value of type jsonpatch.Patch");
        }

        var operations = new JsonPatchOperation[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            operations[i] = ParseOperation(i, array[i]);
        }

        return new JsonPatch(operations);
    }

    /// <summary>Applies every operation, in order, to a deep copy of <paramref name="document"/>.</summary>
    /// <param name="document">The current object; never modified.</param>
    /// <returns>The patched copy (a <c>replace</c> or <c>add</c> of the root may make it any JSON value).</returns>
    /// <exception cref="PatchException">422 when an operation does not apply; nothing is changed then.</exception>
    public JsonNode? Apply(JsonNode? document)
    {
        var root = document?.DeepClone();
        foreach (var operation in _operations)
        {
            root = JsonPatchApplication.Apply(root, operation);
        }

        return root;
    }

    private static JsonPatchOperation ParseOperation(int index, JsonNode? node)
    {
        if (node is not null and not JsonObject)
        {
            throw PatchException.BadRequest("json: cannot unmarshal " + GoTypeName(node) + " into Go value of type jsonpatch.Operation", index);
        }

        var fields = node as JsonObject;
        var name = ReadString(fields, "op") ?? "unknown";
        JsonPatchOperationKind kind = name switch
        {
            "add" => JsonPatchOperationKind.Add,
            "remove" => JsonPatchOperationKind.Remove,
            "replace" => JsonPatchOperationKind.Replace,
            "move" => JsonPatchOperationKind.Move,
            "copy" => JsonPatchOperationKind.Copy,
            "test" => JsonPatchOperationKind.Test,
            _ => throw PatchException.BadRequest("Unexpected kind: " + name + Where(index), index),
        };

        var pathText = ReadString(fields, "path") ?? throw PatchException.BadRequest(name + " operation failed to decode path" + Where(index), index);
        var path = JsonPointer.TryParse(pathText, out var pathError)
            ?? throw PatchException.BadRequest(name + " operation failed to decode path: " + pathError + Where(index), index, pathText);

        JsonPointer? from = null;
        if (kind is JsonPatchOperationKind.Move or JsonPatchOperationKind.Copy)
        {
            var fromText = ReadString(fields, "from") ?? throw PatchException.BadRequest(name + " operation failed to decode from" + Where(index), index, pathText);
            from = JsonPointer.TryParse(fromText, out var fromError)
                ?? throw PatchException.BadRequest(name + " operation failed to decode from: " + fromError + Where(index), index, pathText);
        }

        JsonNode? value = null;
        if (kind is JsonPatchOperationKind.Add or JsonPatchOperationKind.Replace or JsonPatchOperationKind.Test)
        {
            // An explicit "value": null is a value (RFC 6902 §4.1); only an absent member is an error.
            if (!fields!.TryGetPropertyValue("value", out value))
            {
                throw PatchException.BadRequest(name + " operation does not apply: missing \"value\"" + Where(index), index, pathText);
            }
        }

        return new JsonPatchOperation(index, kind, name, path, from, value);
    }

    private static string? ReadString(JsonObject? fields, string name) =>
        fields is not null && fields.TryGetPropertyValue(name, out var node) && JsonData.KindOf(node) == JsonDataKind.String
            ? node!.GetValue<string>()
            : null;

    internal static string Where(int index) => " (operation " + index + ")";

    /// <summary>The JSON type names Go's decoder uses in "cannot unmarshal" errors.</summary>
    private static string GoTypeName(JsonNode node) => JsonData.KindOf(node) switch
    {
        JsonDataKind.Object => "object",
        JsonDataKind.Array => "array",
        JsonDataKind.String => "string",
        JsonDataKind.Boolean => "bool",
        _ => "number",
    };
}
