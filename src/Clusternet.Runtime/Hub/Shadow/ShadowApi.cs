using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Known;
using k8s;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// The hub's <c>shadow/v1alpha1</c> API: every resource the parent serves (Clusternet's own groups excepted) accepted
/// as a template and kept as an <c>apps.clusternet.io/v1alpha1 Manifest</c> in the reserved namespace, read back in its
/// original kind and apiVersion. Nothing is created in the parent but Manifests; templates are checked by a dry run
/// against the parent's own validation before they are stored.
/// </summary>
/// <remarks>The hub authenticates and authorizes each request (RBAC on group <c>shadow</c>) before calling <see cref="HandleAsync"/>.</remarks>
internal sealed partial class ShadowApi : IAsyncDisposable
{
    /// <summary>The API group, without a domain, as upstream registers it.</summary>
    public const string Group = "shadow";

    /// <summary>The served version.</summary>
    public const string Version = "v1alpha1";

    /// <summary><c>shadow/v1alpha1</c>.</summary>
    public const string GroupVersion = Group + "/" + Version;

    private readonly ParentConnection parent;
    private readonly string reservedNamespace;
    private readonly ILogger<ShadowApi> logger;
    private readonly ShadowCatalog catalog;
    private readonly CancellationTokenSource stopping = new();
    private Task following = Task.CompletedTask;

    /// <summary>Creates the API over <paramref name="parent"/>, the hub's own (cluster-admin) client of the parent cluster.</summary>
    /// <param name="parent">A <see cref="Kubernetes"/> instance for the parent; it stores Manifests and runs the dry runs.</param>
    /// <param name="reservedNamespace">Where Manifests live; <c>clusternet-reserved</c> by default in the hub.</param>
    /// <param name="logger">Where discovery changes and CRD watch failures are logged.</param>
    public ShadowApi(IKubernetes parent, string reservedNamespace, ILogger<ShadowApi> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(reservedNamespace);
        this.parent = new ParentConnection(parent);
        this.reservedNamespace = reservedNamespace;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        catalog = new ShadowCatalog(this.parent, logger);
    }

    /// <summary>The resources mirrored at this moment (for tests and the hub's discovery documents).</summary>
    internal ShadowCatalog Catalog => catalog;

    /// <summary>
    /// Creates the reserved namespace if missing, reads the parent's discovery and CRDs, and starts following CRDs in the
    /// background until <see cref="DisposeAsync"/>. Returns once the first discovery is in place;
    /// <paramref name="cancellationToken"/> bounds only that first step, so a start-up timeout does not stop the follower.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureReservedNamespaceAsync(cancellationToken).ConfigureAwait(false);
        var resourceVersion = await catalog.LoadAsync(cancellationToken).ConfigureAwait(false);
        following = Task.Run(() => catalog.FollowCrdsAsync(resourceVersion, stopping.Token), CancellationToken.None);
    }

    /// <summary>Stops following the parent's CRDs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await following.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    /// <summary>The <c>/apis/shadow/v1alpha1</c> APIResourceList, as JSON.</summary>
    public byte[] ResourceList() => catalog.ResourceList;

    /// <summary>Serves one request whose path below <c>/apis/shadow/v1alpha1</c> is <paramref name="rest"/>.</summary>
    public async Task HandleAsync(HttpContext context, string rest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            ShadowBodies.WantsYaml(context.Request);
            var path = ShadowRequestPath.Parse(rest ?? "", out var root);
            if (root)
            {
                await WriteResourceListAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }

            var resource = path is null ? null : catalog.Find(path.Plural);
            if (path is null || resource is null || (!resource.Namespaced && path.Namespace is not null))
            {
                throw ShadowStatus.ResourceNotFound(rest ?? "");
            }

            await DispatchAsync(context, path, resource, cancellationToken).ConfigureAwait(false);
        }
        catch (ShadowException failure)
        {
            await WriteFailureAsync(context, failure, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            await WriteFailureAsync(context, new ShadowException(HttpStatusCode.ServiceUnavailable, ShadowStatus.Failure(
                HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "the shadow API cannot reach the parent cluster: " + exception.Message)), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // Our bound on a parent call ran out, not the caller.
            await WriteFailureAsync(context, new ShadowException(HttpStatusCode.GatewayTimeout, ShadowStatus.Failure(
                HttpStatusCode.GatewayTimeout, "Timeout", "the parent cluster did not answer in time")), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // A body of an unexpected shape (a string where an object was due, …): answer a Status, not a bare 500.
            await WriteFailureAsync(context, new ShadowException(HttpStatusCode.BadRequest, ShadowStatus.Failure(
                HttpStatusCode.BadRequest, "BadRequest", exception.Message)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFailureAsync(HttpContext context, ShadowException failure, CancellationToken cancellationToken)
    {
        if (!context.Response.HasStarted)
        {
            await ShadowBodies.WriteAsync(context, (int)failure.StatusCode, failure.Status, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task DispatchAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var method = request.Method;
        if (path.Subresource is { } subresource)
        {
            return subresource switch
            {
                "status" when HttpMethods.IsGet(method) => GetAsync(context, path, resource, cancellationToken),
                "scale" when resource.HasScale && HttpMethods.IsGet(method) => GetScaleAsync(context, path, resource, cancellationToken),
                "scale" when resource.HasScale && (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)) => UpdateScaleAsync(context, path, resource, cancellationToken),
                _ when HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) => throw ShadowStatus.MethodNotAllowed(
                    $"{resource.Plural} are considered as templates, which make no sense to update templates' {subresource}"),
                _ => throw ShadowStatus.ResourceNotFound($"{resource.Plural}/{subresource}"),
            };
        }

        var isWatch = request.Query["watch"] is var watch && (watch == "true" || watch == "1");
        if (path.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                return isWatch ? WatchAsync(context, path, resource, cancellationToken) : ListAsync(context, path, resource, cancellationToken);
            }

            if (HttpMethods.IsPost(method) && (path.Namespace is not null || !resource.Namespaced))
            {
                return CreateAsync(context, path, resource, cancellationToken);
            }

            if (HttpMethods.IsDelete(method))
            {
                return DeleteCollectionAsync(context, path, resource, cancellationToken);
            }
        }
        else if (resource.Namespaced && path.Namespace is null)
        {
            // A namespaced kind named without its namespace: kube-apiserver has no such route.
            throw ShadowStatus.ResourceNotFound($"{resource.Plural}/{path.Name}");
        }
        else if (HttpMethods.IsGet(method))
        {
            return isWatch ? WatchAsync(context, path, resource, cancellationToken) : GetAsync(context, path, resource, cancellationToken);
        }
        else if (HttpMethods.IsPut(method))
        {
            return UpdateAsync(context, path, resource, cancellationToken);
        }
        else if (HttpMethods.IsPatch(method))
        {
            return PatchAsync(context, path, resource, cancellationToken);
        }
        else if (HttpMethods.IsDelete(method))
        {
            return DeleteAsync(context, path, resource, cancellationToken);
        }

        throw ShadowStatus.MethodNotAllowed($"the server does not allow this method on the requested resource ({method} {resource.Plural})");
    }

    private async Task WriteResourceListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            throw ShadowStatus.MethodNotAllowed("the shadow API's discovery document is read-only");
        }

        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.ContentType = "application/json";
        var bytes = catalog.ResourceList;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureReservedNamespaceAsync(CancellationToken cancellationToken)
    {
        var existing = await parent.SendAsync(HttpMethod.Get, "/api/v1/namespaces/" + reservedNamespace, null, cancellationToken).ConfigureAwait(false);
        if (existing.IsSuccess)
        {
            return;
        }

        var namespaceObject = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject
            {
                ["name"] = reservedNamespace,
                ["labels"] = new JsonObject { [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.HubName },
            },
        };
        var created = await parent.SendAsync(HttpMethod.Post, "/api/v1/namespaces", namespaceObject, cancellationToken).ConfigureAwait(false);
        if (created.StatusCode != HttpStatusCode.Conflict)
        {
            created.EnsureSuccess();
            ShadowLog.ReservedNamespaceCreated(logger, reservedNamespace);
        }
    }

    private static Task WriteAsync(HttpContext context, HttpStatusCode statusCode, JsonNode body, CancellationToken cancellationToken) =>
        ShadowBodies.WriteAsync(context, (int)statusCode, body, cancellationToken);
}
