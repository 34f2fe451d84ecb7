using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Clients;

/// <summary>
/// The typed client of one kind over a <see cref="Kubernetes"/> instance: every request goes through that
/// instance's own HTTP pipeline (its handlers, kubeconfig TLS and credentials), with JSON from
/// <see cref="KubernetesJson"/> and failures raised as <see cref="KubernetesApiException"/> subclasses.
/// </summary>
/// <remarks>
/// A client of a namespaced kind built with a null namespace reads across all namespaces (list, watch); its
/// create and update calls use the object's own <c>metadata.namespace</c>, and calls that take only a name
/// throw <see cref="InvalidOperationException"/>.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
/// <typeparam name="TList">Its list type.</typeparam>
public sealed partial class ResourceClient<T, TList> : IResourceClient<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly KubernetesPipeline pipeline;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Creates a client of the kind <paramref name="descriptor"/> describes.</summary>
    /// <param name="kubernetes">The KubernetesClient instance whose HTTP pipeline carries every request.</param>
    /// <param name="descriptor">Where the kind lives (see <see cref="ResourceDescriptor.For{T}(bool?)"/>).</param>
    /// <param name="namespace">The namespace to bind to; null for cluster-scoped kinds, or for all namespaces.</param>
    /// <param name="timeProvider">The clock of the watch's reconnect backoff; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where the watch logs reconnects and re-lists.</param>
    /// <exception cref="ArgumentException">A namespace was given for a cluster-scoped kind.</exception>
    public ResourceClient(Kubernetes kubernetes, ResourceDescriptor descriptor, string? @namespace = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!descriptor.Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{descriptor.Plural} are cluster-scoped; they take no namespace.", nameof(@namespace));
        }

        pipeline = KubernetesPipeline.Of(kubernetes);
        Descriptor = descriptor;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Where the kind lives.</summary>
    public ResourceDescriptor Descriptor { get; }

    /// <inheritdoc />
    public string? Namespace { get; }

    /// <inheritdoc />
    public Task<T> GetAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, Descriptor.ObjectPath(NamespaceForName(), RequireName(name)), new QueryString(), null, cancellationToken);

    /// <inheritdoc />
    public Task<TList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync<TList>(HttpMethod.Get, Descriptor.CollectionPath(Namespace), new QueryString().AddList(options), null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Every page after the first is read at the first page's snapshot (the server encodes it in the continue
    /// token). When the token outlives the server's history (about five minutes on a real apiserver) the server
    /// answers 410 and this method throws <see cref="ExpiredException"/> after the items already yielded, rather
    /// than restarting and yielding them twice: the caller decides whether to start over.
    /// </remarks>
    public async IAsyncEnumerable<T> ListAllAsync(ListOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = (options ?? new ListOptions()) with { Limit = options?.Limit ?? DefaultPageSize };
        while (true)
        {
            var list = await ListAsync(page, cancellationToken).ConfigureAwait(false);
            foreach (var item in list.Items ?? [])
            {
                yield return item;
            }

            var next = list.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(next))
            {
                yield break;
            }

            // The continue token carries the snapshot; resourceVersion must not be repeated beside it.
            page = page with { Continue = next, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }

    /// <inheritdoc />
    /// <remarks>Sets <c>apiVersion</c> and <c>kind</c> on <paramref name="item"/> from the descriptor when they are null.</remarks>
    public Task<T> CreateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ApiVersion ??= Descriptor.ApiVersion;
        item.Kind ??= Descriptor.Kind;
        return SendAsync<T>(HttpMethod.Post, Descriptor.CollectionPath(NamespaceForItem(item)), WriteQuery(options), JsonContent(item), cancellationToken);
    }

    /// <inheritdoc />
    public Task<T> UpdateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Replace(item, null, options, cancellationToken);

    /// <inheritdoc />
    public Task<T> UpdateStatusAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Replace(item, "status", options, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The Content-Type follows <see cref="V1Patch.Type"/>. A string <see cref="V1Patch.Content"/> is sent as it is
    /// (a hand-written patch, or YAML for apply); any other object is serialised to JSON, which is also valid
    /// apply YAML. Server-side apply requires <see cref="PatchOptions.FieldManager"/>.
    /// </remarks>
    /// <exception cref="ArgumentException"><see cref="PatchOptions.Force"/> is set on a patch that is not an apply.</exception>
    public Task<T> PatchAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Patch(name, null, patch, options, cancellationToken);

    /// <inheritdoc />
    public Task<T> PatchStatusAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Patch(name, "status", patch, options, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The options travel as a <c>DeleteOptions</c> body, where the apiserver reads them; <c>dryRun=All</c> is also
    /// put in the query so that dry runs show in access logs. The server answers with the object while
    /// finalizers hold it (or with its last state), or with a Status once it is gone: the latter gives null.
    /// </remarks>
    public async Task<T?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = Descriptor.ObjectPath(NamespaceForName(), RequireName(name));
        using var document = await SendAsync<JsonDocument>(
            HttpMethod.Delete, path, new QueryString().AddDryRun(options?.DryRun ?? false), DeleteBody(options), cancellationToken).ConfigureAwait(false);
        return IsStatus(document.RootElement) ? null : KubernetesJson.Deserialize<T>(document);
    }

    /// <inheritdoc />
    public async Task DeleteCollectionAsync(ListOptions? listOptions = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().AddList(listOptions).AddDryRun(options?.DryRun ?? false);
        using var _ = await SendAsync<JsonDocument>(HttpMethod.Delete, Descriptor.CollectionPath(Namespace), query, DeleteBody(options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The page size of <see cref="ListAllAsync"/> when <see cref="ListOptions.Limit"/> is unset (kubectl's chunk size).</summary>
    internal const int DefaultPageSize = 500;

    private Task<T> Replace(T item, string? subresource, WriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ApiVersion ??= Descriptor.ApiVersion;
        item.Kind ??= Descriptor.Kind;
        var name = RequireName(item.Metadata?.Name!);
        var path = Descriptor.ObjectPath(NamespaceForItem(item), name, subresource);
        return SendAsync<T>(HttpMethod.Put, path, WriteQuery(options), JsonContent(item), cancellationToken);
    }

    private Task<T> Patch(string name, string? subresource, V1Patch patch, PatchOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (options?.Force is not null && patch.Type != V1Patch.PatchType.ApplyPatch)
        {
            throw new ArgumentException("force is only defined for server-side apply patches.", nameof(options));
        }

        var mediaType = patch.Type switch
        {
            V1Patch.PatchType.JsonPatch => "application/json-patch+json",
            V1Patch.PatchType.MergePatch => "application/merge-patch+json",
            V1Patch.PatchType.StrategicMergePatch => "application/strategic-merge-patch+json",
            V1Patch.PatchType.ApplyPatch => "application/apply-patch+yaml",
            _ => throw new ArgumentException($"Unsupported patch type {patch.Type}.", nameof(patch)),
        };
        var body = patch.Content as string ?? KubernetesJson.Serialize(patch.Content);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var query = new QueryString()
            .AddDryRun(options?.DryRun ?? false)
            .Add("fieldManager", options?.FieldManager)
            .Add("fieldValidation", options?.FieldValidation)
            .Add("force", options?.Force);
        var path = Descriptor.ObjectPath(NamespaceForName(), RequireName(name), subresource);
        return SendAsync<T>(HttpMethod.Patch, path, query, content, cancellationToken);
    }

    private static QueryString WriteQuery(WriteOptions? options) => new QueryString()
        .AddDryRun(options?.DryRun ?? false)
        .Add("fieldManager", options?.FieldManager)
        .Add("fieldValidation", options?.FieldValidation);

    private static ByteArrayContent JsonContent(object value)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(value)));
        content.Headers.ContentType = Json;
        return content;
    }

    private static ByteArrayContent DeleteBody(DeleteOptions? options)
    {
        var body = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            PropagationPolicy = options?.PropagationPolicy,
            GracePeriodSeconds = options?.GracePeriodSeconds,
            DryRun = options?.DryRun == true ? ["All"] : null,
            Preconditions = options?.PreconditionUid is not null || options?.PreconditionResourceVersion is not null
                ? new V1Preconditions { Uid = options.PreconditionUid, ResourceVersion = options.PreconditionResourceVersion }
                : null,
        };
        return JsonContent(body);
    }

    private static bool IsStatus(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind)
        && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("Status");

    private static string RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private string? NamespaceForName()
    {
        if (Descriptor.Namespaced && Namespace is null)
        {
            throw new InvalidOperationException($"This {Descriptor.Plural} client reads all namespaces; bind it to one namespace to address an object by name.");
        }

        return Namespace;
    }

    private string? NamespaceForItem(T item)
    {
        if (!Descriptor.Namespaced)
        {
            return null;
        }

        return Namespace ?? (item.Metadata?.NamespaceProperty is { Length: > 0 } ns
            ? ns
            : throw new InvalidOperationException($"This {Descriptor.Plural} client reads all namespaces and the object has no metadata.namespace."));
    }

    /// <summary>
    /// Sends one non-watch call and reads its body. KubernetesClient's <c>HttpClientTimeout</c> bounds the whole
    /// call (headers and body) as it does for KubernetesClient's own calls; the body is buffered as bytes and
    /// deserialised from that stream, since <see cref="KubernetesJson"/> only reads synchronously.
    /// </summary>
    private async Task<TResult> SendAsync<TResult>(HttpMethod method, string path, QueryString query, HttpContent? content, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (pipeline.Timeout > TimeSpan.Zero && pipeline.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(pipeline.Timeout);
        }

        try
        {
            using var request = pipeline.CreateRequest(method, path + query);
            request.Content = content;
            using var response = await pipeline.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await StatusErrorMapper.FromResponseAsync(response, timeout.Token).ConfigureAwait(false);
            }

            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            if (typeof(TResult) == typeof(JsonDocument))
            {
                return (TResult)(object)await JsonDocument.ParseAsync(stream, default, timeout.Token).ConfigureAwait(false);
            }

            return KubernetesJson.Deserialize<TResult>(stream)
                ?? throw new InvalidOperationException($"The server answered {method} {path} with an empty body.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} did not complete within {pipeline.Timeout}.");
        }
    }
}
