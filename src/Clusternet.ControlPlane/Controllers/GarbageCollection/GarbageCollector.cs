using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Controllers.GarbageCollection;

/// <summary>
/// Deletes objects whose owners are gone and carries out foreground and orphan deletions, as kube-controller-manager's
/// garbage collector: one list+watch per listable resource (CRDs included; the set is rediscovered whenever a CRD
/// changes) feeds a graph of ownerReferences, and a worker acts on the objects whose owners changed.
/// </summary>
internal sealed partial class GarbageCollector(ILogger logger) : IControlPlaneController
{
    private static readonly ApiResource Definitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["list", "watch"]);

    private static readonly TimeSpan FirstDiscoveryRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDiscoveryRetry = TimeSpan.FromSeconds(10);

    private readonly ObjectGraph graph = new();

    // The CRDs the definitions watch has seen, by name: the group and plural each one should add to discovery.
    private readonly Dictionary<string, (string Group, string Plural)> definitionsSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Resource), (ApiResource Resource, CancellationTokenSource Stop)> watched = [];
    private volatile IReadOnlyList<ApiResource> known = [];
    private WorkQueue<string> queue = null!;

    /// <inheritdoc />
    public string Name => "garbagecollector";

    /// <inheritdoc />
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        queue = new WorkQueue<string>(context.Time);
        var rediscover = new WorkQueue<bool>(context.Time);
        rediscover.Add(true);
        var definitions = ResourceWatch.RunAsync(
            context.Client,
            Definitions,
            items =>
            {
                lock (definitionsSeen)
                {
                    definitionsSeen.Clear();
                    foreach (var item in items)
                    {
                        Track(item, deleted: false);
                    }
                }

                rediscover.Add(true);
                return ValueTask.CompletedTask;
            },
            (type, item) =>
            {
                lock (definitionsSeen)
                {
                    Track(item, type == WatchEventType.Deleted);
                }

                rediscover.Add(true);
                return ValueTask.CompletedTask;
            },
            context.Time,
            cancellationToken);
        var discovery = Task.Run(
            async () =>
            {
                var retry = FirstDiscoveryRetry;
                while (!cancellationToken.IsCancellationRequested)
                {
                    await rediscover.TakeAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var resources = await ApiResourceDiscovery.DiscoverAsync(context.Client, cancellationToken).ConfigureAwait(false);
                        Refresh(context, resources, cancellationToken);

                        // A CRD's watch event can come before the server serves its resource (discovery catches up
                        // a moment later, as with kube-apiserver): look again, backing off, until every one is there.
                        if (MissingDefinition(resources))
                        {
                            rediscover.AddAfter(true, retry, cancellationToken);
                            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxDiscoveryRetry.Ticks));
                        }
                        else
                        {
                            retry = FirstDiscoveryRetry;
                        }
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogDiscoveryFailed(logger, e);
                        rediscover.AddAfter(true, TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            },
            cancellationToken);
        var work = Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var uid = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        if (!await AttemptAsync(context.Client, uid, cancellationToken).ConfigureAwait(false))
                        {
                            queue.AddAfter(uid, TimeSpan.FromMilliseconds(500), cancellationToken);
                        }
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogAttemptFailed(logger, e, uid);
                        queue.AddAfter(uid, TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            },
            cancellationToken);
        try
        {
            await Task.WhenAll(definitions, discovery, work).ConfigureAwait(false);
        }
        finally
        {
            lock (watched)
            {
                foreach (var (_, stop) in watched.Values)
                {
                    stop.Cancel();
                    stop.Dispose();
                }

                watched.Clear();
            }
        }
    }

    /// <summary>Records (or forgets) the resource a CRD adds to discovery; one that serves no version adds none.</summary>
    private void Track(JsonObject definition, bool deleted)
    {
        var name = JsonFields.String(definition, "metadata", "name") ?? string.Empty;
        if (deleted || !JsonFields.Array(definition, "spec", "versions").Any(v => JsonFields.Bool(v, "served")))
        {
            definitionsSeen.Remove(name);
            return;
        }

        definitionsSeen[name] = (JsonFields.String(definition, "spec", "group") ?? string.Empty, JsonFields.String(definition, "spec", "names", "plural") ?? string.Empty);
    }

    /// <summary>Whether a CRD seen by the watch, with a served version, is not in <paramref name="resources"/> yet.</summary>
    private bool MissingDefinition(IReadOnlyList<ApiResource> resources)
    {
        lock (definitionsSeen)
        {
            return definitionsSeen.Values.Any(d => !resources.Any(r => r.Group == d.Group && r.Resource == d.Plural));
        }
    }

    /// <summary>Starts a watch for each new listable resource and stops those no longer served.</summary>
    private void Refresh(ControllerContext context, IReadOnlyList<ApiResource> resources, CancellationToken cancellationToken)
    {
        known = resources;
        var wanted = resources.Where(r => r.Watchable && r.Deletable).ToDictionary(r => (r.Group, r.Resource));
        lock (watched)
        {
            foreach (var key in watched.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                var (resource, stop) = watched[key];
                stop.Cancel();
                stop.Dispose();
                watched.Remove(key);
                OnList(resource, []);
            }

            foreach (var (key, resource) in wanted.Where(w => !watched.ContainsKey(w.Key)))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                watched[key] = (resource, stop);
                _ = ResourceWatch.RunAsync(
                    context.Client,
                    resource,
                    items =>
                    {
                        OnList(resource, items);
                        return ValueTask.CompletedTask;
                    },
                    (type, obj) =>
                    {
                        OnEvent(resource, type, obj);
                        return ValueTask.CompletedTask;
                    },
                    context.Time,
                    stop.Token);
            }
        }
    }

    private void OnList(ApiResource resource, IReadOnlyList<JsonObject> items)
    {
        var nodes = items.Select(i => ObjectNode.From(resource, i)).OfType<ObjectNode>().ToList();
        foreach (var gone in graph.Missing(resource, nodes.Select(n => n.Uid).ToHashSet(StringComparer.Ordinal)))
        {
            Removed(gone.Uid);
        }

        foreach (var node in nodes)
        {
            Changed(node);
        }
    }

    private void OnEvent(ApiResource resource, WatchEventType type, JsonObject obj)
    {
        if (ObjectNode.From(resource, obj) is not { } node)
        {
            return;
        }

        if (type == WatchEventType.Deleted)
        {
            Removed(node.Uid);
        }
        else
        {
            Changed(node);
        }
    }

    private void Changed(ObjectNode node)
    {
        var old = graph.Upsert(node);
        if (node.Owners.Count > 0 || node.IsDeletingDependents || node.IsOrphaning)
        {
            queue.Add(node.Uid);
        }

        if (node.Deleting && old is not { Deleting: true })
        {
            foreach (var dependent in graph.DependentsOf(node.Uid))
            {
                queue.Add(dependent.Uid);
            }
        }

        // an owner that lost a dependent may be waiting for exactly that in a foreground deletion
        foreach (var owner in old?.Owners.Where(o => node.Owners.All(n => n.Uid != o.Uid)) ?? [])
        {
            queue.Add(owner.Uid);
        }
    }

    private void Removed(string uid)
    {
        if (graph.Remove(uid) is not { } old)
        {
            return;
        }

        foreach (var dependent in graph.DependentsOf(uid))
        {
            queue.Add(dependent.Uid);
        }

        foreach (var owner in old.Owners)
        {
            queue.Add(owner.Uid);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery failed; retrying")]
    private static partial void LogDiscoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: processing object {Uid} failed; retrying")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string uid);
}
