using System.Net;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Clusternet.ControlPlane.Hosting;

/// <summary>
/// An embedded Kubernetes-compatible API server on 127.0.0.1: discovery, CRUD, watch, patch and
/// CustomResourceDefinitions over the built-in kinds and the CRDs created at run time. Each instance has its own
/// Kestrel listener, storage and catalog; many can run in one process.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    // The namespaces kube-apiserver creates at start: clients assume "default" exists.
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication app;
    private readonly IObjectStore store;
    private readonly CancellationTokenSource stopping;
    private int stopped;

    private ControlPlane(WebApplication app, IObjectStore store, CancellationTokenSource stopping, Uri baseAddress, string? dataDirectory)
    {
        this.app = app;
        this.store = store;
        this.stopping = stopping;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    /// <summary>Where the server listens, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The data directory the server stores into; null when it runs in memory.</summary>
    public string? DataDirectory { get; }

    /// <summary>The admin kubeconfig written at start into the data directory; null when running in memory.</summary>
    public string? KubeconfigPath => DataDirectory is null ? null : Path.Combine(DataDirectory, Kubeconfig.FileName);

    /// <summary>Opens storage, serves the CRDs already stored, and starts listening.</summary>
    /// <param name="options">Where to store and listen, and the admission chain.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<ControlPlane> StartAsync(ControlPlaneOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IObjectStore store;
        if (options.DataDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            store = await SqliteObjectStore.OpenAsync(directory, options.Storage, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            store = new InMemoryObjectStore(options.Storage);
        }

        var stopping = new CancellationTokenSource();
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.Limits.MaxRequestBodySize = null; // the pipeline enforces MaxRequestBodyBytes with a Status
                kestrel.AddServerHeader = false;
            });
            var app = builder.Build();

            var catalog = ResourceCatalog.CreateWithBuiltIns();
            var schema = new CustomResourceSchemaAdmission();
            var services = new ApiServices(
                store,
                catalog,
                [.. options.BuiltInAdmission is { } builtIn ? BuiltInAdmission.Create(store, builtIn) : [], .. options.AdmissionPlugins, schema],
                schema,
                options.Time,
                new ApiServerSettings(options.MaxRequestBodyBytes, options.BookmarkInterval, stopping.Token));
            // /api reports a server address by client CIDR; clients ignore it, so the port need not be known yet.
            var discovery = new DiscoveryDocumentCache(catalog, "127.0.0.1");
            var server = new ApiServer(services, discovery, options.Version);
            await server.Definitions.LoadAsync(cancellationToken).ConfigureAwait(false);
            await CreateSystemNamespacesAsync(store, options.Time, cancellationToken).ConfigureAwait(false);
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
            var plane = new ControlPlane(app, store, stopping, baseAddress, options.DataDirectory);
            if (plane.KubeconfigPath is { } path)
            {
                await plane.WriteKubeconfigAsync(path, cancellationToken).ConfigureAwait(false);
            }

            return plane;
        }
        catch
        {
            stopping.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes a kubeconfig for this server (admin user, no credentials yet) that kubectl, client-node and KubernetesClient accept.</summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(path, Kubeconfig.Render(BaseAddress), cancellationToken);

    /// <summary>Ends open watches, stops listening and closes storage.</summary>
    /// <param name="cancellationToken">Cuts the graceful wait for in-flight requests short.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static async Task CreateSystemNamespacesAsync(IObjectStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var name in SystemNamespaces)
        {
            var key = new StorageKey("namespaces", null, name);
            if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var ns = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            ObjectMetadata.PrepareForCreate(ns, time.GetUtcNow());
            await store.CreateAsync(key, ns, cancellationToken).ConfigureAwait(false);
        }
    }
}
