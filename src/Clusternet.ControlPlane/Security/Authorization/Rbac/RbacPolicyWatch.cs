using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// Keeps an <see cref="RbacPolicyIndex"/> in step with storage, as kube-apiserver's RBAC authorizer does with its
/// informers: list each of the four RBAC resources, then watch from the list's resourceVersion; a watch that falls
/// out of the history window lists again and drops what vanished meanwhile. The server reads its own store here,
/// in process, like kube-apiserver's watch cache.
/// </summary>
internal sealed class RbacPolicyWatch
{
    private readonly IObjectStore store;
    private readonly RbacPolicyIndex index;
    private readonly List<Task> loops = [];

    private RbacPolicyWatch(IObjectStore store, RbacPolicyIndex index)
    {
        this.store = store;
        this.index = index;
    }

    /// <summary>Lists the four resources into <paramref name="index"/> (so the first request sees them) and keeps watching until <paramref name="stopping"/>.</summary>
    public static async Task<RbacPolicyWatch> StartAsync(IObjectStore store, RbacPolicyIndex index, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var watch = new RbacPolicyWatch(store, index);
        foreach (var resource in RbacResources.All)
        {
            var version = await watch.ListAsync(resource, cancellationToken).ConfigureAwait(false);
            watch.loops.Add(Task.Run(() => watch.WatchAsync(resource, version, stopping), CancellationToken.None));
        }

        return watch;
    }

    private async Task<long> ListAsync(string resource, CancellationToken cancellationToken)
    {
        var listed = await store.ListAsync(resource, null, new ListRequest(), cancellationToken).ConfigureAwait(false);
        var present = new HashSet<(string?, string)>();
        foreach (var item in listed.Items)
        {
            index.Upsert(resource, item);
            present.Add((JsonFields.String(item, "metadata", "namespace"), JsonFields.String(item, "metadata", "name") ?? string.Empty));
        }

        foreach (var (ns, name) in index.Keys(resource).Where(k => !present.Contains(k)))
        {
            index.Remove(resource, ns, name);
        }

        return listed.ResourceVersion;
    }

    private async Task WatchAsync(string resource, long version, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in store.WatchAsync(resource, null, version, stopping).ConfigureAwait(false))
                {
                    if (change.Type == StoreEventType.Deleted)
                    {
                        index.Remove(resource, change.Key.Namespace, change.Key.Name);
                    }
                    else
                    {
                        index.Upsert(resource, change.Object);
                    }

                    version = change.ResourceVersion;
                }
            }
            catch (StorageExpiredException)
            {
                version = await ListAsync(resource, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // the store closed under us: the server is stopping
            }
        }
    }
}
