using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Clusternet.Known;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// Which of the parent's resources the shadow API mirrors: the built-in and aggregated ones from the parent's discovery,
/// read once at start (as upstream does; new non-CRD APIs need a restart), and those of CustomResourceDefinitions,
/// followed live through a watch of the parent's CRDs.
/// </summary>
internal sealed class ShadowCatalog
{
    /// <summary>Groups upstream never mirrors: its own API, the hub's, and the metrics APIs (read-only views, not templates).</summary>
    private static readonly FrozenSet<string> ExcludedGroups = FrozenSet.ToFrozenSet(["shadow", "metrics.k8s.io", "custom.metrics.k8s.io"], StringComparer.Ordinal);

    private readonly ParentConnection parent;
    private readonly ILogger logger;
    private readonly object gate = new();
    private FrozenDictionary<string, ShadowResource> builtIns = FrozenDictionary<string, ShadowResource>.Empty;
    private Dictionary<string, ShadowResource> customResources = new(StringComparer.Ordinal);
    private volatile Snapshot current = new(FrozenDictionary<string, ShadowResource>.Empty, "{}"u8.ToArray());
    private TaskCompletionSource changed = NewSignal();

    public ShadowCatalog(ParentConnection parent, ILogger logger)
    {
        this.parent = parent;
        this.logger = logger;
    }

    /// <summary>The <c>shadow/v1alpha1</c> APIResourceList, serialized.</summary>
    public byte[] ResourceList => current.ResourceList;

    /// <summary>The mirrored resource with plural <paramref name="plural"/>, if any.</summary>
    public ShadowResource? Find(string plural) => current.Resources.GetValueOrDefault(plural);

    /// <summary>Completes at the next change of the catalog (a CRD added, changed or removed).</summary>
    public Task NextChangeAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return changed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Reads the parent's discovery and CRDs; returns the CRD list's resourceVersion to watch from.</summary>
    public async Task<string?> LoadAsync(CancellationToken cancellationToken)
    {
        var (crds, resourceVersion) = await ListCrdsAsync(cancellationToken).ConfigureAwait(false);
        var crdGroups = crds.Values.Select(r => r.Group).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, ShadowResource>(StringComparer.Ordinal);

        await AddGroupVersionAsync(found, "/api/v1", "", "v1", cancellationToken).ConfigureAwait(false);
        var groups = (await parent.SendAsync(HttpMethod.Get, "/apis", null, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        foreach (var group in groups["groups"]?.AsArray() ?? [])
        {
            var name = group?["name"]?.GetValue<string>() ?? "";
            if (name.Length == 0 || IsClusternetGroup(name) || ExcludedGroups.Contains(name) || crdGroups.Contains(name))
            {
                continue;
            }

            // The preferred version first, then the others in the server's priority order; a resource is taken once per
            // group, from the first version that serves it.
            var preferred = group!["preferredVersion"]?["version"]?.GetValue<string>();
            var versions = (group["versions"]?.AsArray() ?? []).Select(v => v?["version"]?.GetValue<string>()).OfType<string>()
                .OrderBy(v => v == preferred ? 0 : 1).ToList();
            var seenInGroup = new HashSet<string>(StringComparer.Ordinal);
            foreach (var version in versions)
            {
                await AddGroupVersionAsync(found, $"/apis/{name}/{version}", name, version, cancellationToken, seenInGroup).ConfigureAwait(false);
            }
        }

        lock (gate)
        {
            builtIns = found.ToFrozenDictionary(StringComparer.Ordinal);
            customResources = crds;
            PublishLocked();
        }

        ShadowLog.Mirroring(logger, current.Resources.Count);
        return resourceVersion;
    }

    /// <summary>Follows the parent's CRDs until <paramref name="cancellationToken"/> fires, listing again after any failure.</summary>
    public async Task FollowCrdsAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var (crds, listed) = await ListCrdsAsync(cancellationToken).ConfigureAwait(false);
                    lock (gate)
                    {
                        customResources = crds;
                        PublishLocked();
                    }

                    resourceVersion = listed;
                }

                resourceVersion = await WatchCrdsAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever went wrong (the parent unreachable, a malformed event), list again after a pause: the catalog
                // must keep following CRDs for the hub's whole life.
                ShadowLog.CrdWatchFailed(logger, exception);
                resourceVersion = null;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal static bool IsClusternetGroup(string group) => group.EndsWith(".clusternet.io", StringComparison.Ordinal);

    private async Task<string?> WatchCrdsAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        var path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?watch=true&allowWatchBookmarks=true&resourceVersion=" + Uri.EscapeDataString(resourceVersion ?? "");
        using var response = await parent.StreamAsync(path, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var watchEvent = JsonNode.Parse(line);
            var type = watchEvent?["type"]?.GetValue<string>();
            var crd = watchEvent?["object"];
            if (type == "ERROR" || crd is null)
            {
                return null;
            }

            resourceVersion = crd["metadata"]?["resourceVersion"]?.GetValue<string>() ?? resourceVersion;
            var crdName = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
            var resource = type is "ADDED" or "MODIFIED" ? FromCrd(crd) : null;
            if (type == "BOOKMARK")
            {
                continue;
            }

            lock (gate)
            {
                var had = customResources.Remove(crdName);
                if (resource is not null)
                {
                    customResources[crdName] = resource;
                }

                if (had || resource is not null)
                {
                    PublishLocked();
                }
            }

            if (resource is not null || type == "DELETED")
            {
                ShadowLog.CustomResourceChanged(logger, resource is null ? "stopped mirroring" : "mirrors", crdName);
            }
        }

        return resourceVersion;
    }

    private async Task<(Dictionary<string, ShadowResource> Crds, string? ResourceVersion)> ListCrdsAsync(CancellationToken cancellationToken)
    {
        var list = (await parent.SendAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", null, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        var crds = new Dictionary<string, ShadowResource>(StringComparer.Ordinal);
        foreach (var crd in list["items"]?.AsArray() ?? [])
        {
            if (crd is not null && FromCrd(crd) is { } resource)
            {
                crds[crd["metadata"]!["name"]!.GetValue<string>()] = resource;
            }
        }

        return (crds, list["metadata"]?["resourceVersion"]?.GetValue<string>());
    }

    /// <summary>
    /// The entry of a CRD, from the CRD itself rather than discovery (which lags): its storage version if served, the
    /// verbs upstream gives every CRD-backed shadow resource, and a <c>/scale</c> entry if that version has one. Null
    /// for Clusternet's own groups and for CRDs not yet established.
    /// </summary>
    private static ShadowResource? FromCrd(JsonNode crd)
    {
        var spec = crd["spec"];
        var group = spec?["group"]?.GetValue<string>() ?? "";
        if (group.Length == 0 || IsClusternetGroup(group) || ExcludedGroups.Contains(group))
        {
            return null;
        }

        var established = (crd["status"]?["conditions"]?.AsArray() ?? []).Any(c =>
            c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True");
        var storage = (spec!["versions"]?.AsArray() ?? []).FirstOrDefault(v =>
            v?["storage"]?.GetValue<bool>() == true && v["served"]?.GetValue<bool>() == true);
        if (!established || storage is null)
        {
            return null;
        }

        var names = spec["names"];
        var plural = names?["plural"]?.GetValue<string>() ?? "";
        var kind = names?["kind"]?.GetValue<string>() ?? "";
        var version = storage["name"]!.GetValue<string>();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        var entry = new JsonObject
        {
            ["name"] = plural,
            ["singularName"] = names?["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
            ["namespaced"] = namespaced,
            ["group"] = group,
            ["version"] = version,
            ["kind"] = kind,
            ["verbs"] = new JsonArray("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"),
            ["categories"] = new JsonArray(ClusternetCategories.Shadow),
        };
        if (names?["shortNames"] is JsonArray shortNames)
        {
            entry["shortNames"] = shortNames.DeepClone();
        }

        var discovery = new List<JsonObject> { entry };
        if (storage["subresources"]?["scale"] is not null)
        {
            discovery.Add(new JsonObject
            {
                ["name"] = plural + "/scale",
                ["singularName"] = "",
                ["namespaced"] = namespaced,
                ["group"] = "autoscaling",
                ["version"] = "v1",
                ["kind"] = "Scale",
                ["verbs"] = new JsonArray("get", "patch", "update"),
            });
        }

        return new ShadowResource(plural, entry["singularName"]!.GetValue<string>(), group, version, kind, namespaced, CustomResource: true, discovery);
    }

    private async Task AddGroupVersionAsync(
        Dictionary<string, ShadowResource> found, string path, string group, string version, CancellationToken cancellationToken, HashSet<string>? seenInGroup = null)
    {
        var response = await parent.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess || response.Body is null)
        {
            // An aggregated API that is down must not keep the hub from starting; its resources are simply absent.
            ShadowLog.DiscoveryFailed(logger, path, (int)response.StatusCode);
            return;
        }

        var entries = (response.Body["resources"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
        foreach (var entry in entries)
        {
            var name = entry["name"]?.GetValue<string>() ?? "";
            var verbs = (entry["verbs"]?.AsArray() ?? []).Select(v => v?.GetValue<string>()).OfType<string>().ToList();
            if (name.Contains('/') || found.ContainsKey(name) || !(seenInGroup?.Add(name) ?? true))
            {
                // Keyed by plural alone, as upstream: the first group that serves a plural keeps it. The parent lists
                // groups by priority, so core events win over events.k8s.io, as in upstream.
                continue;
            }

            if ((group == "apiregistration.k8s.io" && name == "apiservices") || verbs.All(v => v == "create"))
            {
                // APIServices are excluded by upstream. Create-only resources (TokenReview, SubjectAccessReviews,
                // SelfSubjectReview, bindings) are requests rather than objects: storing them as templates is meaningless.
                continue;
            }

            var discovery = new List<JsonObject> { Mirror(entry, group, version, name) };
            foreach (var sub in entries)
            {
                var subName = sub["name"]?.GetValue<string>() ?? "";
                if (subName.StartsWith(name + "/", StringComparison.Ordinal))
                {
                    discovery.Add(Mirror(sub, group, version, subName));
                }
            }

            found[name] = new ShadowResource(
                name,
                entry["singularName"]?.GetValue<string>() is { Length: > 0 } singular ? singular : (entry["kind"]?.GetValue<string>() ?? name).ToLowerInvariant(),
                group,
                version,
                entry["kind"]?.GetValue<string>() ?? "",
                entry["namespaced"]?.GetValue<bool>() ?? false,
                CustomResource: false,
                discovery);
        }
    }

    /// <summary>A parent discovery entry as the shadow API lists it: original group, version and kind kept, categories replaced.</summary>
    private static JsonObject Mirror(JsonObject entry, string group, string version, string name)
    {
        var mirrored = (JsonObject)entry.DeepClone();
        mirrored["group"] = entry["group"]?.GetValue<string>() ?? group;
        mirrored["version"] = entry["version"]?.GetValue<string>() ?? version;
        mirrored.Remove("categories");
        if (!name.Contains('/'))
        {
            mirrored["categories"] = new JsonArray(ClusternetCategories.Shadow);
        }

        return mirrored;
    }

    private void PublishLocked()
    {
        var resources = new Dictionary<string, ShadowResource>(builtIns, StringComparer.Ordinal);
        foreach (var resource in customResources.Values.OrderBy(r => r.Group, StringComparer.Ordinal))
        {
            // Built-ins keep their plural: a CRD reusing e.g. "deployments" in another group cannot hide apps/v1.
            resources.TryAdd(resource.Plural, resource);
        }

        var list = new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = ShadowApi.GroupVersion,
            ["resources"] = new JsonArray(resources.Values.OrderBy(r => r.Plural, StringComparer.Ordinal)
                .SelectMany(r => r.Discovery).Select(d => (JsonNode)d.DeepClone()).ToArray()),
        };
        current = new Snapshot(resources.ToFrozenDictionary(StringComparer.Ordinal), System.Text.Encoding.UTF8.GetBytes(list.ToJsonString()));
        changed.TrySetResult();
        changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Snapshot(FrozenDictionary<string, ShadowResource> Resources, byte[] ResourceList);
}
