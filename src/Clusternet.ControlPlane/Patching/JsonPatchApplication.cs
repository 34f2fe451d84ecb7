using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// Applies one JSON patch operation to a document the caller owns (already a copy). Failures are worded as
/// evanphx/json-patch words them, followed by the operation's index.
/// </summary>
internal static class JsonPatchApplication
{
    private const string Missing = ": missing value";

    public static JsonNode? Apply(JsonNode? root, JsonPatchOperation operation) => operation.Kind switch
    {
        JsonPatchOperationKind.Add => Add(root, operation.Path, operation.Value?.DeepClone(), operation, "add operation does not apply: doc is missing path: \"" + operation.Path + "\"" + Missing),
        JsonPatchOperationKind.Remove => Remove(root, operation),
        JsonPatchOperationKind.Replace => Replace(root, operation),
        JsonPatchOperationKind.Move => Move(root, operation),
        JsonPatchOperationKind.Copy => Copy(root, operation),
        _ => Test(root, operation),
    };

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value, JsonPatchOperation operation, string missingText)
    {
        if (path.IsRoot)
        {
            return value;
        }

        var (parent, key) = Parent(root, path);
        switch (parent)
        {
            case JsonObject fields:
                fields[key] = value;
                return root;
            case JsonArray items:
                if (key == "-")
                {
                    items.Add(value);
                    return root;
                }

                var index = JsonPointer.ParseIndex(key);
                if (index < 0 || index > items.Count)
                {
                    throw Fail("error in " + operation.Name + " for path: '" + path + "': Unable to access invalid index: " + key, operation, path);
                }

                items.Insert(index, value);
                return root;
            default:
                throw Fail(missingText, operation, path);
        }
    }

    private static JsonNode? Remove(JsonNode? root, JsonPatchOperation operation)
    {
        var path = operation.Path;
        if (!TryDetach(root, path, out _))
        {
            throw Fail("remove operation does not apply: doc is missing path: \"" + path + "\"" + Missing, operation, path);
        }

        return root;
    }

    private static JsonNode? Replace(JsonNode? root, JsonPatchOperation operation)
    {
        var path = operation.Path;
        if (path.IsRoot)
        {
            return operation.Value?.DeepClone();
        }

        var (parent, key) = Parent(root, path);
        switch (parent)
        {
            case JsonObject fields when fields.ContainsKey(key):
                fields[key] = operation.Value?.DeepClone();
                return root;
            case JsonArray items when JsonPointer.ParseIndex(key) is var index && index >= 0 && index < items.Count:
                items[index] = operation.Value?.DeepClone();
                return root;
            case JsonObject or JsonArray:
                throw Fail("replace operation does not apply: doc is missing key: " + path + Missing, operation, path);
            default:
                throw Fail("replace operation does not apply: doc is missing path: " + path + Missing, operation, path);
        }
    }

    private static JsonNode? Move(JsonNode? root, JsonPatchOperation operation)
    {
        var from = operation.From!;
        var path = operation.Path;
        if (string.Equals(from.Text, path.Text, StringComparison.Ordinal))
        {
            // RFC 6902 §4.4 only requires "from" to exist; moving a value onto itself changes nothing.
            return Locate(root, from, out _)
                ? root
                : throw Fail("move operation does not apply: doc is missing from path: " + from + Missing, operation, from);
        }

        if (path.IsProperChildOf(from))
        {
            throw Fail("move operation does not apply: \"from\" location " + from + " is a proper prefix of \"path\" location " + path, operation, path);
        }

        if (!TryDetach(root, from, out var value))
        {
            throw Fail("move operation does not apply: doc is missing from path: " + from + Missing, operation, from);
        }

        return Add(root, path, value, operation, "move operation does not apply: doc is missing destination path: " + path + Missing);
    }

    private static JsonNode? Copy(JsonNode? root, JsonPatchOperation operation)
    {
        var from = operation.From!;
        if (!Locate(root, from, out var value))
        {
            throw Fail("copy operation does not apply: doc is missing from path: " + from + Missing, operation, from);
        }

        var path = operation.Path;
        return Add(root, path, value?.DeepClone(), operation, "copy operation does not apply: doc is missing destination path: " + path + Missing);
    }

    private static JsonNode? Test(JsonNode? root, JsonPatchOperation operation)
    {
        var path = operation.Path;
        if (!Locate(root, path, out var value))
        {
            throw Fail("test operation does not apply: is missing path: " + path + Missing, operation, path);
        }

        return JsonData.DeepEquals(value, operation.Value)
            ? root
            : throw Fail("testing value " + path + " failed: test failed", operation, path);
    }

    /// <summary>Finds the container that holds the last token of <paramref name="path"/>, or null when a step is missing.</summary>
    private static (JsonNode? Parent, string Key) Parent(JsonNode? root, JsonPointer path)
    {
        var node = root;
        var tokens = path.Tokens;
        for (var i = 0; i < tokens.Length - 1 && node is not null; i++)
        {
            node = Child(node, tokens[i], out var found) is var child && found ? child : null;
        }

        return (node, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token, out bool found)
    {
        switch (node)
        {
            case JsonObject fields:
                found = fields.TryGetPropertyValue(token, out var value);
                return value;
            case JsonArray items:
                var index = JsonPointer.ParseIndex(token);
                found = index >= 0 && index < items.Count;
                return found ? items[index] : null;
            default:
                found = false;
                return null;
        }
    }

    private static bool Locate(JsonNode? root, JsonPointer path, out JsonNode? value)
    {
        value = root;
        foreach (var token in path.Tokens)
        {
            if (value is null)
            {
                return false;
            }

            value = Child(value, token, out var found);
            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the value at <paramref name="path"/> from its container; the root cannot be detached.</summary>
    private static bool TryDetach(JsonNode? root, JsonPointer path, out JsonNode? value)
    {
        value = null;
        if (path.IsRoot)
        {
            return false;
        }

        var (parent, key) = Parent(root, path);
        switch (parent)
        {
            case JsonObject fields when fields.TryGetPropertyValue(key, out value):
                fields.Remove(key);
                return true;
            case JsonArray items when JsonPointer.ParseIndex(key) is var index && index >= 0 && index < items.Count:
                value = items[index];
                items.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    private static PatchException Fail(string text, JsonPatchOperation operation, JsonPointer path) =>
        PatchException.Invalid(text + JsonPatch.Where(operation.Index), operation.Index, path.Text);
}
