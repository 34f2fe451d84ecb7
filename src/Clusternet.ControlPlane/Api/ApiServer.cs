using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.OpenApi;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Api.Watch;
using Clusternet.ControlPlane.Patching;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Storage;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api;

/// <summary>
/// The request pipeline as one terminal middleware, in kube-apiserver's order: request info from the URL,
/// authentication → impersonation → authorization, the aggregator (group-versions served by APIService backends),
/// non-resource endpoints, resolution against the catalog, then the verb's handler (content negotiation, admission
/// and storage happen there). Every refusal is a Status.
/// </summary>
internal sealed class ApiServer
{
    private readonly ApiServices services;
    private readonly DiscoveryDocumentCache discovery;
    private readonly Discovery.ServerVersion version;
    private readonly ReadHandler reads;
    private readonly CreateHandler creates;
    private readonly UpdateHandler updates;
    private readonly PatchHandler patches;
    private readonly DeleteHandler deletes;
    private readonly WatchHandler watches;
    private readonly ScaleHandler scales;
    private readonly OpenApiDocuments openApi;
    private readonly Connect.PodRemoteCommandEndpoint podExec;
    private readonly Connect.PodRemoteCommandEndpoint podAttach;
    private readonly Connect.PodPortForwardEndpoint podPortForward;
    private readonly Connect.PodLogEndpoint podLog;

    public ApiServer(ApiServices services, DiscoveryDocumentCache discovery, Discovery.ServerVersion version)
    {
        this.services = services;
        this.discovery = discovery;
        this.version = version;
        Definitions = new CustomResourceDefinitionLifecycle(services);
        reads = new ReadHandler(services);
        creates = new CreateHandler(services, Definitions);
        updates = new UpdateHandler(services, Definitions);
        patches = new PatchHandler(services, updates, new ApplyHandler(services, updates, creates, Definitions));
        deletes = new DeleteHandler(services, Definitions);
        watches = new WatchHandler(services);
        scales = new ScaleHandler(services, updates, Definitions);
        openApi = new OpenApiDocuments(services.Catalog, Definitions.Find, version);
        podExec = new Connect.PodRemoteCommandEndpoint(services, attach: false);
        podAttach = new Connect.PodRemoteCommandEndpoint(services, attach: true);
        podPortForward = new Connect.PodPortForwardEndpoint(services);
        podLog = new Connect.PodLogEndpoint(services);
    }

    public CustomResourceDefinitionLifecycle Definitions { get; }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (StatusException e) when (!context.Response.HasStarted)
        {
            await StatusWriter.WriteAsync(context, e.Status).ConfigureAwait(false);
        }
        catch (PatchException e) when (!context.Response.HasStarted)
        {
            await StatusWriter.WriteAsync(context, e.ToStatus()).ConfigureAwait(false);
        }
        catch (Patching.Apply.ApplyConflictException e) when (!context.Response.HasStarted)
        {
            await StatusWriter.WriteAsync(context, e.ToStatus()).ConfigureAwait(false);
        }
        catch (StorageExpiredException e) when (!context.Response.HasStarted)
        {
            await StatusWriter.WriteAsync(context, ResourceErrors.Expired(e.Message).Status).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || services.Settings.ServerStopping.IsCancellationRequested)
        {
            // the client went away or the server is stopping
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await StatusWriter.WriteAsync(context, StatusException.Create(500, "InternalError", "Internal error occurred: " + e.Message).Status).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? string.Empty;
        var info = RequestInfo.Parse(context.Request);
        var aborted = context.RequestAborted;
        var security = services.Security;
        var caller = await security.Authentication.AuthenticateAsync(context, path, aborted).ConfigureAwait(false);
        var user = await security.Impersonation.ImpersonateAsync(context, caller, aborted).ConfigureAwait(false);
        RequestUser.Set(context, user);
        await security.Authorization.AuthorizeAsync(
            info is null ? AuthorizationAttributes.ForNonResource(user, context.Request.Method, path.Length == 0 ? "/" : path) : AuthorizationAttributes.ForResource(user, info, path),
            aborted).ConfigureAwait(false);
        if (await services.Aggregator.TryProxyAsync(context, path, user, aborted).ConfigureAwait(false))
        {
            return;
        }

        switch (path)
        {
            case "/healthz" or "/livez":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", aborted).ConfigureAwait(false);
                return;
            case "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                if (services.Health.NotReadyReason is { } reason)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    await context.Response.WriteAsync("[-]" + reason + "\nreadyz check failed", aborted).ConfigureAwait(false);
                    return;
                }

                await context.Response.WriteAsync("ok", aborted).ConfigureAwait(false);
                return;
            case "/version":
                await ObjectResponse.WriteAsync(context, version.ToJson()).ConfigureAwait(false);
                return;
            case "/api" or "/apis":
                var negotiated = ResponseNegotiation.ForDiscovery(context.Request.Headers.Accept);
                var root = path == "/api" ? DiscoveryRoot.Api : DiscoveryRoot.Apis;
                await ObjectResponse.WriteAsync(context, discovery.Root(root, negotiated.Format), contentType: negotiated.ContentType).ConfigureAwait(false);
                return;
        }

        if (await TryGroupDiscoveryAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        if (info is null)
        {
            throw ResourceErrors.ResourceNotFound();
        }

        var resource = services.Catalog.Find(info.Group, info.Version, info.Resource) ?? throw ResourceErrors.ResourceNotFound();
        if (info.Subpath is not null)
        {
            throw ResourceErrors.ResourceNotFound(); // connect subresources with a path (proxy) are served only by aggregated backends
        }

        if (info is { Group: "", Resource: "pods", Subresource: "exec" or "attach", Name: not null, Namespace: not null })
        {
            await (info.Subresource == "exec" ? podExec : podAttach).HandleAsync(new ResourceRequest(context, info, resource)).ConfigureAwait(false);
            return;
        }

        if (info is { Group: "", Resource: "pods", Subresource: "portforward", Name: not null, Namespace: not null })
        {
            await podPortForward.HandleAsync(new ResourceRequest(context, info, resource)).ConfigureAwait(false);
            return;
        }

        if (info is { Group: "", Resource: "pods", Subresource: "log", Name: not null, Namespace: not null })
        {
            await podLog.HandleAsync(new ResourceRequest(context, info, resource)).ConfigureAwait(false);
            return;
        }

        if (info.Subresource is { } sub && !resource.Subresources.Any(s => s.Name == sub && s.Name is "status" or "scale" or "finalize")
            && !services.CreateOnlyEndpoints.ContainsKey((info.Group, info.Resource, sub)))
        {
            throw ResourceErrors.ResourceNotFound(); // only /status and /scale are served so far (log, proxy, … are not)
        }

        if (resource.Namespaced && info.Namespace is null && info.Verb is not ("list" or "watch"))
        {
            throw ResourceErrors.ResourceNotFound();
        }

        var request = new ResourceRequest(context, info, resource);
        if (info.Verb == "create" && services.CreateOnlyEndpoints.TryGetValue((info.Group, info.Resource, info.Subresource), out var endpoint))
        {
            await endpoint.HandleAsync(request).ConfigureAwait(false);
            return;
        }

        var task = info.Verb switch
        {
            "get" when info.Subresource == "scale" => scales.GetAsync(request),
            "update" when info.Subresource == "scale" => scales.PutAsync(request),
            "patch" when info.Subresource == "scale" => scales.PatchAsync(request),
            _ when info.Subresource == "scale" => throw ResourceErrors.MethodNotAllowed(info.Verb),
            not "update" when info.Subresource == "finalize" => throw ResourceErrors.MethodNotAllowed(info.Verb),
            "get" => reads.GetAsync(request),
            "list" => reads.ListAsync(request),
            "watch" => watches.HandleAsync(request),
            "create" => creates.HandleAsync(request),
            "update" when info.Name is not null => updates.PutAsync(request),
            "patch" when info.Name is not null => patches.HandleAsync(request),
            "delete" => deletes.DeleteAsync(request),
            "deletecollection" => deletes.DeleteCollectionAsync(request),
            _ => throw ResourceErrors.MethodNotAllowed(info.Verb),
        };
        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// <c>/openapi/v2</c> (JSON, or the protobuf form client-go's v2 client asks for), the <c>/openapi/v3</c> index and
    /// <c>/openapi/v3/&lt;group-version&gt;</c>. Documents carry an ETag; a matching If-None-Match gets 304, which is how
    /// kubectl's disk cache revalidates them.
    /// </summary>
    private async Task WriteOpenApiAsync(HttpContext context, string path)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw ResourceErrors.MethodNotAllowed(context.Request.Method.ToLowerInvariant());
        }

        var accept = context.Request.Headers.Accept.ToString();
        OpenApiDocument? document;
        string contentType;
        if (path == "/openapi/v2")
        {
            var negotiated = OpenApiNegotiation.ForSwagger(accept);
            document = negotiated.Format == OpenApiFormat.Protobuf ? openApi.SwaggerProtobuf() : openApi.SwaggerJson();
            contentType = negotiated.ContentType;
        }
        else if (path == "/openapi/v3")
        {
            document = openApi.Index();
            contentType = OpenApiNegotiation.ForOpenApi3(accept).ContentType;
        }
        else if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            document = openApi.GroupVersion(path["/openapi/v3/".Length..]);
            contentType = OpenApiNegotiation.ForOpenApi3(accept).ContentType;
        }
        else
        {
            document = null;
            contentType = OpenApiNegotiation.Json;
        }

        if (document is null)
        {
            throw ResourceErrors.ResourceNotFound();
        }

        context.Response.Headers.ETag = document.ETag;
        context.Response.Headers.Vary = "Accept";
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == document.ETag)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = document.Content.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(document.Content, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary><c>/api/v1</c>, <c>/apis/&lt;group&gt;</c> and <c>/apis/&lt;group&gt;/&lt;version&gt;</c>.</summary>
    private async Task<bool> TryGroupDiscoveryAsync(HttpContext context, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.StartsWith("/openapi/", StringComparison.Ordinal) || path == "/openapi")
        {
            await WriteOpenApiAsync(context, path).ConfigureAwait(false);
            return true;
        }

        byte[]? body = null;
        var known = false;
        if (parts is ["api", var coreVersion])
        {
            known = true;
            body = discovery.ResourceList(string.Empty, coreVersion);
        }
        else if (parts is ["apis", var group])
        {
            known = true;
            body = LegacyDiscovery.ApiGroup(services.Catalog, group) is { } document ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document) : null;
        }
        else if (parts is ["apis", var g, var v])
        {
            known = true;
            body = discovery.ResourceList(g, v);
        }

        if (!known)
        {
            return false;
        }

        if (body is null || context.Request.Method != "GET")
        {
            throw ResourceErrors.ResourceNotFound();
        }

        await ObjectResponse.WriteAsync(context, body).ConfigureAwait(false);
        return true;
    }
}
