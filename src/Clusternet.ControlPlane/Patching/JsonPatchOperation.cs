using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching;

/// <summary>The six operations of RFC 6902 §4.</summary>
internal enum JsonPatchOperationKind
{
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}

/// <summary>One validated operation of a JSON patch; <see cref="Value"/> is owned by the patch and cloned on use.</summary>
internal sealed record JsonPatchOperation(
    int Index,
    JsonPatchOperationKind Kind,
    string Name,
    JsonPointer Path,
    JsonPointer? From,
    JsonNode? Value);
