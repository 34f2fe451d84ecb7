using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Patching.Apply;
using Clusternet.ControlPlane.Storage;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>Who manages the fields a write touches, and the list types that decide how fields are identified.</summary>
internal static class FieldManagement
{
    // kube-apiserver caps manager names at 128 characters.
    private const int MaxManagerLength = 128;

    private static readonly ConditionalWeakTable<V1CustomResourceDefinitionVersion, ListTypeLookup> CustomLookups = new();

    /// <summary>
    /// The <c>fieldManager</c> query parameter, or else, as kube-apiserver derives it, the User-Agent up to its first
    /// <c>/</c> with non-printable characters dropped (<c>kubectl/v1.32.4 (linux/amd64)</c> → <c>kubectl</c>); null when
    /// neither gives a name, and the write then goes untracked.
    /// </summary>
    public static string? ManagerOf(ResourceRequest request)
    {
        if (request.Query("fieldManager") is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = request.Context.Request.Headers.UserAgent.ToString();
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? agent : agent[..slash];
        var printable = new StringBuilder(prefix.Length);
        foreach (var c in prefix)
        {
            if (!char.IsControl(c))
            {
                printable.Append(c);
            }
        }

        var name = printable.ToString();
        return name.Length == 0 ? null : name.Length > MaxManagerLength ? name[..MaxManagerLength] : name;
    }

    /// <summary>A custom resource's list types from its served version's schema; a built-in kind's from the built-in table.</summary>
    public static ListTypeLookup? LookupFor(ServedResource resource, CustomResourceDefinitionLifecycle definitions)
    {
        if (resource.DefinedBy is null)
        {
            return ListTypes.BuiltIn(resource.Group, resource.Kind);
        }

        return VersionOf(resource, definitions) is { Schema.OpenAPIV3Schema: not null } version
            ? CustomLookups.GetValue(version, static v =>
            {
                // Built once per served version (the lifecycle replaces the definition object when the CRD changes),
                // not on every write; the tree is read by concurrent requests, so every node is built up front.
                var schema = JsonNode.Parse(KubernetesJson.Serialize(v.Schema.OpenAPIV3Schema))!.AsObject();
                StoredObject.Materialize(schema);
                return ListTypes.FromOpenApiSchema(schema);
            })
            : null;
    }

    /// <summary>The served version of the CustomResourceDefinition behind <paramref name="resource"/>, or null for a built-in.</summary>
    public static V1CustomResourceDefinitionVersion? VersionOf(ServedResource resource, CustomResourceDefinitionLifecycle definitions) =>
        resource.DefinedBy is { } name ? definitions.Find(name)?.Spec.Versions.FirstOrDefault(v => v.Name == resource.Version) : null;

    /// <summary>Records an ordinary write (create, PUT, non-apply patch) in <c>metadata.managedFields</c>.</summary>
    public static JsonObject RecordUpdate(ResourceRequest request, CustomResourceDefinitionLifecycle definitions, JsonObject? old, JsonObject updated, TimeProvider time) =>
        ManagerOf(request) is { } manager
            ? ManagedFieldsTracker.RecordUpdate(old, updated, manager, LookupFor(request.Resource, definitions), request.Info.Subresource, time)
            : updated;
}
