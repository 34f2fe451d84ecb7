using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// The <c>paths</c> of one resource, in kube-apiserver's layout: collection and object paths (namespaced and
/// all-namespaces for namespaced resources), plus <c>status</c> and <c>scale</c>. Each operation carries
/// <c>x-kubernetes-action</c> and <c>x-kubernetes-group-version-kind</c>. kubectl 1.27+ finds the PATCH operation of a
/// kind by that extension and checks it lists <c>fieldValidation</c> before trusting server-side validation; without
/// it, <c>create -f</c> and <c>apply -f</c> fall back to client-side validation or fail.
/// </summary>
internal static class ResourcePaths
{
    private static readonly string[] Produces = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
    private static readonly string[] WriteQuery = ["dryRun", "fieldManager", "fieldValidation"];
    private static readonly string[] PatchQuery = ["dryRun", "fieldManager", "fieldValidation", "force"];
    private static readonly string[] DeleteQuery = ["dryRun", "gracePeriodSeconds", "propagationPolicy"];
    private static readonly string[] ListQuery =
    [
        "allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
        "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch",
    ];

    private static readonly Dictionary<string, string> QueryTypes = new(StringComparer.Ordinal)
    {
        ["force"] = "boolean", ["watch"] = "boolean", ["allowWatchBookmarks"] = "boolean", ["sendInitialEvents"] = "boolean",
        ["gracePeriodSeconds"] = "integer", ["limit"] = "integer", ["timeoutSeconds"] = "integer",
    };

    /// <summary>Adds the resource's paths.</summary>
    /// <param name="paths">The document's <c>paths</c>.</param>
    /// <param name="resource">The resource.</param>
    /// <param name="kindDefinition">The definition name of its kind.</param>
    /// <param name="listDefinition">The definition name of its list kind.</param>
    /// <param name="models">The dialect's models (reference style).</param>
    /// <param name="swagger">Whether the document is Swagger 2.0.</param>
    public static void Add(JsonObject paths, ServedResource resource, string kindDefinition, string listDefinition, ModelSchemas models, bool swagger)
    {
        var emit = new Emitter(models, swagger, resource.DefinedBy is null, Tag(resource.Group, resource.Version));
        var gvk = ModelSchemas.Gvk(resource.Group, resource.Version, resource.Kind);
        var prefix = resource.Group.Length == 0 ? "/api/v1" : $"/apis/{resource.Group}/{resource.Version}";
        var scope = resource.Namespaced ? "Namespaced" : "";
        var idPart = GroupId(resource.Group) + VersionId(resource.Version);
        var collection = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Resource}" : $"{prefix}/{resource.Resource}";
        var status = models.Ref(DefinitionNames.Meta + "Status");
        var kind = models.Ref(kindDefinition);

        var collectionOps = new JsonObject();
        if (resource.Supports("list"))
        {
            collectionOps["get"] = emit.Operation($"list{idPart}{scope}{resource.Kind}", "list", gvk, ListQuery, models.Ref(listDefinition), body: null, ok: ["200"]);
        }

        if (resource.Supports("create"))
        {
            collectionOps["post"] = emit.Operation($"create{idPart}{scope}{resource.Kind}", "post", gvk, WriteQuery, kind, kind, ok: ["200", "201", "202"]);
        }

        if (resource.Supports("deletecollection"))
        {
            collectionOps["delete"] = emit.Operation(
                $"delete{idPart}Collection{scope}{resource.Kind}", "deletecollection", gvk, [.. DeleteQuery, .. ListQuery], status, models.Ref(DefinitionNames.Meta + "DeleteOptions"), ok: ["200"]);
        }

        emit.AddPath(paths, collection, collectionOps, resource.Namespaced ? ["namespace"] : []);

        var objectPath = collection + "/{name}";
        var objectOps = new JsonObject();
        if (resource.Supports("get"))
        {
            objectOps["get"] = emit.Operation($"read{idPart}{scope}{resource.Kind}", "get", gvk, [], kind, body: null, ok: ["200"]);
        }

        if (resource.Supports("update"))
        {
            objectOps["put"] = emit.Operation($"replace{idPart}{scope}{resource.Kind}", "put", gvk, WriteQuery, kind, kind, ok: ["200", "201"]);
        }

        if (resource.Supports("patch"))
        {
            objectOps["patch"] = emit.Patch($"patch{idPart}{scope}{resource.Kind}", gvk, kind);
        }

        if (resource.Supports("delete"))
        {
            objectOps["delete"] = emit.Operation(
                $"delete{idPart}{scope}{resource.Kind}", "delete", gvk, DeleteQuery, status, models.Ref(DefinitionNames.Meta + "DeleteOptions"), ok: ["200", "202"]);
        }

        string[] objectParameters = resource.Namespaced ? ["name", "namespace"] : ["name"];
        emit.AddPath(paths, objectPath, objectOps, objectParameters);

        if (resource.Namespaced && resource.Supports("list"))
        {
            emit.AddPath(paths, $"{prefix}/{resource.Resource}", new JsonObject
            {
                ["get"] = emit.Operation($"list{idPart}{resource.Kind}ForAllNamespaces", "list", gvk, ListQuery, models.Ref(listDefinition), body: null, ok: ["200"]),
            }, []);
        }

        foreach (var subresource in resource.Subresources)
        {
            var (subKind, subGvk) = subresource.Name switch
            {
                "status" => (kind, gvk),
                "scale" => (models.Ref(DefinitionNames.ForKind("autoscaling", "v1", "Scale")), ModelSchemas.Gvk("autoscaling", "v1", "Scale")),
                _ => (null, null),
            };
            if (subKind is null || subGvk is null)
            {
                continue;
            }

            var suffix = char.ToUpperInvariant(subresource.Name[0]) + subresource.Name[1..];
            var ops = new JsonObject();
            if (subresource.Verbs.Contains("get"))
            {
                ops["get"] = emit.Operation($"read{idPart}{scope}{resource.Kind}{suffix}", "get", subGvk, [], subKind, body: null, ok: ["200"]);
            }

            if (subresource.Verbs.Contains("update"))
            {
                ops["put"] = emit.Operation($"replace{idPart}{scope}{resource.Kind}{suffix}", "put", subGvk, WriteQuery, subKind, subKind.DeepClone().AsObject(), ok: ["200", "201"]);
            }

            if (subresource.Verbs.Contains("patch"))
            {
                ops["patch"] = emit.Patch($"patch{idPart}{scope}{resource.Kind}{suffix}", subGvk, subKind);
            }

            emit.AddPath(paths, $"{objectPath}/{subresource.Name}", ops, objectParameters);
        }
    }

    /// <summary>The operation-id spelling of a group: <c>Core</c>, <c>Apps</c>, <c>RbacAuthorization</c>, <c>StableExampleCom</c>.</summary>
    internal static string GroupId(string group)
    {
        if (group.Length == 0)
        {
            return "Core";
        }

        var name = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(name.Split('.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string VersionId(string version) => char.ToUpperInvariant(version[0]) + version[1..];

    private static string Tag(string group, string version)
    {
        var id = GroupId(group);
        return char.ToLowerInvariant(id[0]) + id[1..] + "_" + version;
    }

    private sealed class Emitter(ModelSchemas models, bool swagger, bool builtIn, string tag)
    {
        // Custom resources have no patch strategies, so kube-apiserver does not offer strategic merge patch for them.
        private string[] PatchTypes => builtIn
            ? ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"]
            : ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];

        public void AddPath(JsonObject paths, string path, JsonObject operations, string[] pathParameters)
        {
            if (operations.Count == 0)
            {
                return;
            }

            var parameters = new JsonArray();
            foreach (var name in pathParameters)
            {
                parameters.Add(Parameter(name, "path", "string", required: true));
            }

            parameters.Add(Parameter("pretty", "query", "string", required: false));
            operations["parameters"] = parameters;
            paths[path] = operations;
        }

        public JsonObject Patch(string operationId, JsonObject gvk, JsonObject kind) =>
            Operation(operationId, "patch", gvk, PatchQuery, kind, models.Ref(DefinitionNames.Meta + "Patch"), ok: ["200", "201"], consumes: PatchTypes);

        public JsonObject Operation(
            string operationId, string action, JsonObject gvk, IEnumerable<string> query, JsonObject response, JsonObject? body, string[] ok, string[]? consumes = null)
        {
            var operation = new JsonObject
            {
                ["operationId"] = operationId,
                ["tags"] = new JsonArray(tag),
            };
            var parameters = new JsonArray();
            foreach (var name in query)
            {
                parameters.Add(Parameter(name, "query", QueryTypes.GetValueOrDefault(name, "string"), required: false));
            }

            consumes ??= ["*/*"];
            if (swagger)
            {
                operation["consumes"] = new JsonArray([.. consumes.Select(c => (JsonNode)c)]);
                operation["produces"] = new JsonArray([.. Produces.Select(c => (JsonNode)c)]);
                operation["schemes"] = new JsonArray("https");
                if (body is not null)
                {
                    parameters.Add(new JsonObject { ["in"] = "body", ["name"] = "body", ["required"] = action != "delete" && action != "deletecollection", ["schema"] = body.DeepClone() });
                }
            }
            else if (body is not null)
            {
                var content = new JsonObject();
                foreach (var type in consumes)
                {
                    content[type] = new JsonObject { ["schema"] = body.DeepClone() };
                }

                operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = action != "delete" && action != "deletecollection" };
            }

            operation["parameters"] = parameters;
            var responses = new JsonObject();
            foreach (var code in ok)
            {
                responses[code] = Response(code, response);
            }

            responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
            operation["responses"] = responses;
            operation["x-kubernetes-action"] = action;
            operation["x-kubernetes-group-version-kind"] = gvk.DeepClone();
            return operation;
        }

        private JsonObject Response(string code, JsonObject schema)
        {
            var description = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" };
            if (swagger)
            {
                return new JsonObject { ["description"] = description, ["schema"] = schema.DeepClone() };
            }

            var content = new JsonObject();
            foreach (var type in Produces)
            {
                content[type] = new JsonObject { ["schema"] = schema.DeepClone() };
            }

            return new JsonObject { ["content"] = content, ["description"] = description };
        }

        private JsonObject Parameter(string name, string location, string type, bool required)
        {
            var parameter = new JsonObject { ["in"] = location, ["name"] = name };
            if (required)
            {
                parameter["required"] = true;
            }

            if (swagger)
            {
                parameter["type"] = type;
                parameter["uniqueItems"] = true;
            }
            else
            {
                parameter["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true };
            }

            return parameter;
        }
    }
}
