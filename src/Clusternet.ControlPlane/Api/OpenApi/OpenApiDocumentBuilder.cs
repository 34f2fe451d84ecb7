using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// Assembles Swagger 2.0 and OpenAPI 3.0 documents from served resources: their paths, the definitions of their
/// kinds and list kinds, and every definition those reach (ObjectMeta, Status, DeleteOptions, ...), sorted by name
/// so equal catalogs give byte-equal documents and stable hashes.
/// </summary>
internal static class OpenApiDocumentBuilder
{
    /// <summary>The <c>/openapi/v2</c> document of every served resource.</summary>
    public static JsonObject Swagger(IEnumerable<ServedResource> resources, Func<string, V1CustomResourceDefinition?> definitions, string version)
    {
        var models = ModelSchemas.Swagger;
        var (paths, schemas) = Contents(resources, definitions, models, swagger: true);
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = Info(version),
            ["paths"] = paths,
            ["definitions"] = schemas,
            ["securityDefinitions"] = new JsonObject
            {
                ["BearerToken"] = new JsonObject { ["in"] = "header", ["name"] = "authorization", ["type"] = "apiKey" },
            },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
    }

    /// <summary>The <c>/openapi/v3/&lt;group-version&gt;</c> document of one group-version.</summary>
    public static JsonObject OpenApi3(ServedGroupVersion groupVersion, Func<string, V1CustomResourceDefinition?> definitions, string version)
    {
        var models = ModelSchemas.OpenApi3;
        var (paths, schemas) = Contents(groupVersion.Resources, definitions, models, swagger: false);
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = Info(version),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["BearerToken"] = new JsonObject { ["in"] = "header", ["name"] = "authorization", ["type"] = "apiKey" },
                },
            },
        };
    }

    /// <summary>The key of a group-version in the <c>/openapi/v3</c> index: <c>api/v1</c> or <c>apis/apps/v1</c>.</summary>
    public static string PathOf(string group, string version) => group.Length == 0 ? "api/" + version : $"apis/{group}/{version}";

    private static JsonObject Info(string version) => new() { ["title"] = "Kubernetes", ["version"] = version };

    private static (JsonObject Paths, JsonObject Definitions) Contents(
        IEnumerable<ServedResource> resources, Func<string, V1CustomResourceDefinition?> definitions, ModelSchemas models, bool swagger)
    {
        var paths = new JsonObject();
        var own = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            string kind;
            string list;
            if (resource.DefinedBy is { } crdName)
            {
                kind = CustomResourceSchemas.DefinitionName(resource.Group, resource.Version, resource.Kind);
                list = kind + "List";
                var crd = definitions(crdName);
                if (crd is not null && CustomResourceSchemas.For(crd, resource.Version, models, swagger) is { } schemas)
                {
                    list = CustomResourceSchemas.DefinitionName(resource.Group, resource.Version, CustomResourceSchemas.ListKind(crd.Spec));
                    own[kind] = schemas.Kind;
                    own[list] = schemas.List;
                }
                else
                {
                    own[kind] = Opaque(resource.Group, resource.Version, resource.Kind);
                    own[list] = Opaque(resource.Group, resource.Version, resource.Kind + "List");
                }
            }
            else
            {
                kind = models.KindDefinition(resource.Group, resource.Version, resource.Kind) ?? Synthesize(own, resource.Group, resource.Version, resource.Kind);
                // Create-only kinds (the reviews) have no list operation, so no list definition either.
                list = models.KindDefinition(resource.Group, resource.Version, resource.Kind + "List")
                    ?? (resource.Supports("list") ? Synthesize(own, resource.Group, resource.Version, resource.Kind + "List") : "");
            }

            ResourcePaths.Add(paths, resource, kind, list, models, swagger);
        }

        // Sorted paths and definitions: the per-group-version hash must change only when the content does.
        var sortedPaths = new JsonObject();
        foreach (var (path, item) in paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            paths.Remove(path);
            sortedPaths[path] = item;
        }

        var reached = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        CollectRefs(sortedPaths, models.RefPrefix, pending);
        foreach (var name in own.Keys)
        {
            pending.Push(name);
        }

        while (pending.TryPop(out var name))
        {
            if (reached.ContainsKey(name))
            {
                continue;
            }

            var schema = own.TryGetValue(name, out var mine) ? mine : models.Definition(name)?.DeepClone().AsObject();
            if (schema is null)
            {
                continue;
            }

            reached[name] = schema;
            CollectRefs(schema, models.RefPrefix, pending);
        }

        var sortedDefinitions = new JsonObject();
        foreach (var (name, schema) in reached)
        {
            sortedDefinitions[name] = schema;
        }

        return (sortedPaths, sortedDefinitions);
    }

    // A kind whose model KubernetesClient lacks, or a CRD whose definition is not available: any object validates.
    private static JsonObject Opaque(string group, string version, string kind) => new()
    {
        ["type"] = "object",
        ["x-kubernetes-group-version-kind"] = new JsonArray(ModelSchemas.Gvk(group, version, kind)),
        ["x-kubernetes-preserve-unknown-fields"] = true,
    };

    private static string Synthesize(Dictionary<string, JsonObject> own, string group, string version, string kind)
    {
        var name = DefinitionNames.ForKind(group, version, kind);
        own[name] = Opaque(group, version, kind);
        return name;
    }

    private static void CollectRefs(JsonNode? node, string prefix, Stack<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue reference && reference.TryGetValue<string>(out var target) && target.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        into.Push(target[prefix.Length..]);
                    }
                    else
                    {
                        CollectRefs(value, prefix, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectRefs(item, prefix, into);
                }

                break;
        }
    }
}
