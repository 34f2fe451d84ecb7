using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Controllers.ServiceAccounts;

/// <summary>
/// Keeps a ServiceAccount named <c>default</c> in every active namespace, as kube-controller-manager's
/// serviceaccount controller: created when the namespace appears and again whenever it is deleted.
/// </summary>
internal sealed partial class ServiceAccountController(ILogger logger) : IControlPlaneController
{
    /// <summary>The service account every namespace has.</summary>
    public const string DefaultName = "default";

    private static readonly ApiResource Namespaces = new(string.Empty, "v1", "namespaces", "Namespace", false, ["list", "watch"]);
    private static readonly ApiResource ServiceAccounts = new(string.Empty, "v1", "serviceaccounts", "ServiceAccount", true, ["list", "watch"]);

    /// <inheritdoc />
    public string Name => "serviceaccount";

    /// <inheritdoc />
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var queue = new WorkQueue<string>(context.Time);
        var namespaces = ResourceWatch.ForEachPresentAsync(context.Client, Namespaces, Enqueue, context.Time, cancellationToken);
        var accounts = ResourceWatch.RunAsync(
            context.Client,
            ServiceAccounts,
            _ => ValueTask.CompletedTask,
            (type, obj) =>
            {
                if (type == WatchEventType.Deleted && JsonFields.String(obj, "metadata", "name") == DefaultName && JsonFields.String(obj, "metadata", "namespace") is { } ns)
                {
                    queue.Add(ns);
                }

                return ValueTask.CompletedTask;
            },
            context.Time,
            cancellationToken);
        var work = Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var ns = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await EnsureDefaultAsync(context.Client, ns, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        LogEnsureFailed(logger, e, ns);
                        queue.AddAfter(ns, TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            },
            cancellationToken);
        await Task.WhenAll(namespaces, accounts, work).ConfigureAwait(false);

        void Enqueue(JsonObject ns)
        {
            if (JsonFields.String(ns, "metadata", "deletionTimestamp") is null && JsonFields.String(ns, "metadata", "name") is { } name)
            {
                queue.Add(name);
            }
        }
    }

    private static async Task EnsureDefaultAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = DefaultName } }, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            // exists already, or the namespace is terminating or gone
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace {Namespace}: creating the default service account failed; retrying")]
    private static partial void LogEnsureFailed(ILogger logger, Exception exception, string @namespace);
}
