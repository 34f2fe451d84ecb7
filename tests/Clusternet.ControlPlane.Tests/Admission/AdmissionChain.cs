using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Tests.Admission;

/// <summary>A built-in chain over an in-memory store, with namespace "ns" seeded.</summary>
internal sealed class AdmissionChain
{
    private static readonly IReadOnlyList<ServedResource> Resources = BuiltInResources.Create();

    private AdmissionChain(InMemoryObjectStore store)
    {
        Store = store;
        Plugins = BuiltInAdmission.Create(store);
    }

    public InMemoryObjectStore Store { get; }

    public IReadOnlyList<IAdmissionPlugin> Plugins { get; }

    public static async Task<AdmissionChain> StartAsync(params string[] namespaces)
    {
        var store = new InMemoryObjectStore();
        foreach (var ns in namespaces.Length == 0 ? ["ns"] : namespaces)
        {
            await store.CreateAsync(new StorageKey("namespaces", null, ns), Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}"""));
        }

        return new AdmissionChain(store);
    }

    public static ServedResource Resource(string group, string resource) =>
        Resources.First(r => r.Group == group && r.Resource == resource);

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    public static AdmissionRequest Create(string group, string resource, JsonObject obj, bool dryRun = false)
    {
        var served = Resource(group, resource);
        return new AdmissionRequest(served, null, AdmissionOperation.Create, served.Namespaced ? "ns" : null, obj, null, dryRun);
    }

    public static AdmissionRequest Update(string group, string resource, JsonObject obj, JsonObject old)
    {
        var served = Resource(group, resource);
        return new AdmissionRequest(served, null, AdmissionOperation.Update, served.Namespaced ? "ns" : null, obj, old, false);
    }

    public async Task<JsonObject> AdmitAsync(AdmissionRequest request)
    {
        foreach (var plugin in Plugins)
        {
            if (plugin.Handles(request))
            {
                await plugin.AdmitAsync(request, CancellationToken.None);
            }
        }

        return request.Object;
    }

    public async Task<k8s.Models.V1Status> RefusedAsync(AdmissionRequest request)
    {
        var e = await Assert.ThrowsAsync<StatusException>(() => AdmitAsync(request));
        return e.Status;
    }

    /// <summary>Admits and stores, as the server would.</summary>
    public async Task<JsonObject> CreateAsync(string group, string resource, JsonObject obj)
    {
        var admitted = await AdmitAsync(Create(group, resource, obj));
        var name = admitted["metadata"]!["name"]!.GetValue<string>();
        return await Store.CreateAsync(new StorageKey(group.Length == 0 ? resource : resource + "." + group, "ns", name), admitted);
    }
}
