using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Controllers.Namespaces;

/// <summary>
/// Empties Terminating namespaces, as kube-controller-manager's namespace controller: for a namespace with a
/// deletionTimestamp it deletes the objects of every namespaced resource discovery lists (CRDs included), reports
/// progress in the namespace's conditions, waits for objects held by finalizers, and then removes the
/// <c>kubernetes</c> finalizer through the finalize subresource, upon which the server deletes the namespace.
/// </summary>
internal sealed partial class NamespaceController(ILogger logger) : IControlPlaneController
{
    /// <summary>The finalizer in <c>spec.finalizers</c> that this controller owns.</summary>
    public const string Finalizer = "kubernetes";

    private static readonly ApiResource Namespaces = new(string.Empty, "v1", "namespaces", "Namespace", false, ["list", "watch"]);

    // How soon a namespace whose content is not gone yet is looked at again: content with finalizers goes when
    // someone else removes them, which nothing here watches for.
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public string Name => "namespace";

    /// <inheritdoc />
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var queue = new WorkQueue<string>(context.Time);
        var watch = ResourceWatch.ForEachPresentAsync(context.Client, Namespaces, Enqueue, context.Time, cancellationToken);

        var work = Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var name = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        if (!await SyncAsync(context, name, cancellationToken).ConfigureAwait(false))
                        {
                            queue.AddAfter(name, Recheck, cancellationToken);
                        }
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogSyncFailed(logger, e, name);
                        queue.AddAfter(name, Recheck, cancellationToken);
                    }
                }
            },
            cancellationToken);
        await Task.WhenAll(watch, work).ConfigureAwait(false);

        void Enqueue(JsonObject ns)
        {
            if (JsonFields.String(ns, "metadata", "deletionTimestamp") is { Length: > 0 } && JsonFields.String(ns, "metadata", "name") is { } name)
            {
                queue.Add(name);
            }
        }
    }

    /// <summary>One pass over a namespace; true when there is nothing left to do for it.</summary>
    private static async Task<bool> SyncAsync(ControllerContext context, string name, CancellationToken cancellationToken)
    {
        var client = context.Client;
        V1Namespace ns;
        try
        {
            ns = await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }

        if (ns.Metadata.DeletionTimestamp is null)
        {
            return true;
        }

        if (!(ns.Spec?.Finalizers ?? []).Contains(Finalizer))
        {
            if ((ns.Spec?.Finalizers ?? []).Count == 0)
            {
                // Finalized by us or another owner of spec.finalizers: the last DELETE removes it.
                await DeleteAsync(client, ns, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        var progress = await NamespaceContent.DeleteAsync(client, name, cancellationToken).ConfigureAwait(false);
        ns = await NamespaceConditions.UpdateAsync(client, ns, progress, context.Time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
        if (!progress.Finished)
        {
            return false;
        }

        ns.Spec!.Finalizers = [.. ns.Spec.Finalizers!.Where(f => f != Finalizer)];
        V1Namespace finalized;
        try
        {
            finalized = await client.CoreV1.ReplaceNamespaceFinalizeAsync(ns, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }

        if ((finalized.Spec?.Finalizers ?? []).Count == 0 && finalized.Metadata.DeletionTimestamp is not null)
        {
            await DeleteAsync(client, finalized, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task DeleteAsync(IKubernetes client, V1Namespace ns, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespaceAsync(ns.Metadata.Name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = ns.Metadata.Uid } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // gone already, or a namespace of the same name was created since
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace {Namespace}: deleting its content failed; retrying")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string @namespace);
}
