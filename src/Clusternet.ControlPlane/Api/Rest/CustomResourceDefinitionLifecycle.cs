using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;
using Clusternet.ControlPlane.Validation;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// What storing a CustomResourceDefinition does beyond storage: its resources are served (discovery and REST)
/// at once, its schema admits their objects, its status says Established; deleting it removes its objects.
/// </summary>
internal sealed class CustomResourceDefinitionLifecycle(ApiServices services)
{
    public const string Group = "apiextensions.k8s.io";
    public const string Resource = "customresourcedefinitions";
    public static readonly string StorageResource = Resource + "." + Group;

    // The definition last applied to the catalog, by name: OpenAPI documents and server-side apply read schemas from it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, V1CustomResourceDefinition> served = new(StringComparer.Ordinal);

    public static bool IsDefinition(ServedResource resource) => resource.Group == Group && resource.Resource == Resource;

    /// <summary>The name must be <c>&lt;plural&gt;.&lt;group&gt;</c>: the server derives the URL from it.</summary>
    public void Validate(JsonObject obj)
    {
        var name = JsonFields.String(obj, "metadata", "name") ?? string.Empty;
        var plural = JsonFields.String(obj, "spec", "names", "plural");
        var group = JsonFields.String(obj, "spec", "group");
        if (plural is null || group is null || name != plural + "." + group)
        {
            throw new StatusException(InvalidStatus.Create(
                Group,
                "CustomResourceDefinition",
                name,
                [new FieldError(FieldErrorType.Invalid, "metadata.name", JsonValue.Create(name), $"must be spec.names.plural+\".\"+spec.group")]));
        }
    }

    /// <summary>Names are accepted and the definition is established at once: there is no controller to wait for.</summary>
    public void SetStatus(JsonObject obj)
    {
        var now = ObjectMetadata.Timestamp(services.Time.GetUtcNow());
        var names = JsonFields.Object(obj, "spec", "names")?.DeepClone() ?? new JsonObject();
        obj["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray([.. JsonFields.Array(obj, "spec", "versions")
                .Where(v => JsonFields.Bool(v, "storage"))
                .Select(v => (JsonNode?)JsonValue.Create(JsonFields.String(v, "name")))]),
        };
    }

    public void Serve(JsonObject stored)
    {
        var definition = KubernetesJson.Deserialize<V1CustomResourceDefinition>(stored.ToJsonString());
        services.SchemaAdmission.Register(definition);
        served[definition.Metadata.Name] = definition;
        services.Catalog.Apply(definition);
    }

    /// <summary>The definition named <paramref name="name"/> as it is served now, or null.</summary>
    public V1CustomResourceDefinition? Find(string name) => served.GetValueOrDefault(name);

    /// <summary>Stops serving the definition's resources and deletes their objects.</summary>
    public async Task RemoveAsync(JsonObject deleted, CancellationToken cancellationToken)
    {
        var name = JsonFields.String(deleted, "metadata", "name") ?? string.Empty;
        services.Catalog.RemoveDefinition(name);
        served.TryRemove(name, out _);
        services.SchemaAdmission.Remove(name);
        var storageResource = name; // plural.group, the same key space the REST handlers use
        var objects = await services.Store.ListAsync(storageResource, null, new ListRequest(), cancellationToken).ConfigureAwait(false);
        foreach (var obj in objects.Items)
        {
            var key = new StorageKey(storageResource, JsonFields.String(obj, "metadata", "namespace"), JsonFields.String(obj, "metadata", "name") ?? string.Empty);
            try
            {
                await services.Store.DeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageNotFoundException)
            {
                // deleted by someone else meanwhile
            }
        }
    }

    /// <summary>Serves the definitions already in storage (a restart on a data directory).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await services.Store.ListAsync(StorageResource, null, new ListRequest(), cancellationToken).ConfigureAwait(false);
        foreach (var definition in stored.Items)
        {
            Serve(definition);
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
