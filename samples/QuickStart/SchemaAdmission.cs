using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;
using Clusternet.Runtime.Crds;
using k8s.Models;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// What an API server does to a custom resource before it stores it — prune unknown fields, drop
/// nulls, apply schema defaults, validate — using the CRDs Clusternet.Runtime installs into a parent
/// cluster and the control plane's structural-schema validator.
/// </summary>
internal sealed class SchemaAdmission
{
    private readonly StructuralSchemaPruner _pruner = new();
    private readonly StructuralSchemaDefaulter _defaulter = new();
    private readonly StructuralSchemaValidator _validator = new();

    /// <summary>The outcome: the object as it would be stored, what defaulting added, and the 422 Status when it is refused.</summary>
    public sealed record Result(JsonNode Stored, IReadOnlyList<string> Defaulted, IReadOnlyList<string> Pruned, V1Status? Refusal);

    public Result Admit(JsonNode submitted)
    {
        var apiVersion = (string)submitted["apiVersion"]!;
        var kind = (string)submitted["kind"]!;
        var group = apiVersion.Split('/')[0];
        var crd = ClusternetCustomResourceDefinitions.All.Single(c => c.Spec.Group == group && c.Spec.Names.Kind == kind);
        var schema = crd.Spec.Versions.Single(v => v.Storage).Schema.OpenAPIV3Schema;

        var stored = submitted.DeepClone();
        var pruned = _pruner.Prune(schema, stored);
        _pruner.PruneNonNullableNulls(schema, stored);
        var before = Paths(stored).ToHashSet(StringComparer.Ordinal);
        _defaulter.Default(schema, stored);
        var defaulted = Paths(stored).Where(p => !before.Contains(p)).ToArray();

        var errors = _validator.Validate(schema, stored);
        var refusal = errors.Count == 0
            ? null
            : InvalidStatus.Create(group, kind, (string?)submitted["metadata"]?["name"] ?? "", errors);
        return new Result(stored, defaulted, pruned, refusal);
    }

    // Leaf paths with their values, so "spec.schedulerName=default" shows what defaulting added.
    private static IEnumerable<string> Paths(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    foreach (var p in Paths(child, prefix.Length == 0 ? key : prefix + "." + key))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var p in Paths(a[i], $"{prefix}[{i}]"))
                    {
                        yield return p;
                    }
                }

                break;
            default:
                yield return $"{prefix}={node?.ToJsonString()}";
                break;
        }
    }
}
