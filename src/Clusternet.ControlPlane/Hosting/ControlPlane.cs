using System.Net;
using System.Text.Json.Nodes;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Aggregation;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Controllers;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authentication;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Security.Authorization.Rbac;
using Clusternet.ControlPlane.Security.Authorization.Reviews;
using Clusternet.ControlPlane.Security.Certificates;
using Clusternet.ControlPlane.Security.Impersonation;
using Clusternet.ControlPlane.Simulation;
using Clusternet.ControlPlane.Storage;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    // The users behind the admin kubeconfig and the controllers' loopback client; both are privileged (system:masters),
    // as kubeadm's admin and kube-apiserver's own loopback user are.
    private const string AdminUser = "clusternet-admin";
    private const string LoopbackUser = "system:apiserver";

    private readonly WebApplication app;
    private readonly IObjectStore store;
    private readonly CancellationTokenSource stopping;
    private readonly ControllerHost controllers;
    private int stopped;

    private ControlPlane(WebApplication app, IObjectStore store, CancellationTokenSource stopping, Uri baseAddress, string? dataDirectory, string adminToken, ControllerHost controllers, CertificateAuthority authority)
    {
        Authority = authority;
        this.app = app;
        this.store = store;
        this.stopping = stopping;
        this.controllers = controllers;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        AdminToken = adminToken;
    }

    /// <summary>Where the server listens, such as <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The data directory the server stores into; null when it runs in memory.</summary>
    public string? DataDirectory { get; }

    /// <summary>The admin kubeconfig written at start into the data directory; null when running in memory.</summary>
    public string? KubeconfigPath => DataDirectory is null ? null : Path.Combine(DataDirectory, Kubeconfig.FileName);

    /// <summary>The bearer token of the admin user (group <c>system:masters</c>).</summary>
    internal string AdminToken { get; }

    /// <summary>The aggregator in front of APIService backends.</summary>
    internal ApiAggregator Aggregator { get; private init; } = null!;

    /// <summary>The instance CA: it issued the serving certificate and signs client certificates.</summary>
    internal CertificateAuthority Authority { get; }

    /// <summary>Authentication: the service account signing key and token issuer, the authenticators and the review APIs.</summary>
    internal BuiltInAuthentication Authentication { get; private init; } = null!;

    private TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The fault switches of the simulated nodes and workloads (<see cref="ControlPlaneOptions.Simulation"/>): node
    /// readiness and <c>/readyz</c>. Null when the instance simulates nothing.
    /// </summary>
    public ClusterSimulation? Simulation { get; private set; }

    /// <summary>The CA certificate (no private key) clients trust to verify the server, as in the kubeconfig's <c>certificate-authority-data</c>.</summary>
    public X509Certificate2 CertificateAuthority => X509CertificateLoader.LoadCertificate(Authority.Certificate.RawData);

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
        CertificateAuthority? authority = null;
        BuiltInAuthentication? authentication = null;
        FrontProxy? frontProxy = null;
        WebApplication? app = null;
        ApiAggregator? aggregator = null;
        ControlPlane? plane = null;
        try
        {
            authority = await InstanceCertificates.LoadOrCreateAsync(options.DataDirectory, "ca", options.Time, cancellationToken).ConfigureAwait(false);
            var serving = authority.IssueServing(options.Time);
            frontProxy = await FrontProxy.LoadOrCreateAsync(options.DataDirectory, options.Time, cancellationToken).ConfigureAwait(false);
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = serving,
                        // Client certificates are optional and checked by authentication against the instance CA,
                        // so that an unknown one is a 401 Status rather than a failed handshake.
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = static (_, _, _) => true,
                    });
                });
                kestrel.Limits.MaxRequestBodySize = null; // the pipeline enforces MaxRequestBodyBytes with a Status
                kestrel.AddServerHeader = false;
            });
            app = builder.Build();

            var catalog = ResourceCatalog.CreateWithBuiltIns();
            var schema = new CustomResourceSchemaAdmission();
            var adminToken = await LoadOrCreateAdminTokenAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
            var loopbackToken = NewToken();
            authentication = await BuiltInAuthentication.CreateAsync(options.DataDirectory, store, authority, options.Time, options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            await CreateSystemNamespacesAsync(store, options.Time, cancellationToken).ConfigureAwait(false);
            await BootstrapPolicyReconciler.ReconcileAsync(store, options.Time, cancellationToken).ConfigureAwait(false);
            var rbac = new RbacAuthorizer(new RbacPolicyIndex());
            await RbacPolicyWatch.StartAsync(store, rbac.Index, stopping.Token, cancellationToken).ConfigureAwait(false);
            var security = CreateSecurity(options.Security, adminToken, loopbackToken, authentication, rbac);
            aggregator = new ApiAggregator(store, catalog, frontProxy, options.LoggerFactory);
            var (proxiedBy, proxyIdentity) = (aggregator, frontProxy);
            app.Lifetime.ApplicationStopped.Register(() =>
            {
                proxiedBy.Dispose();
                proxyIdentity.Dispose();
            });
            var services = new ApiServices(
                store,
                catalog,
                [.. options.BuiltInAdmission is { } builtIn ? BuiltInAdmission.Create(store, builtIn) : [], .. options.AdmissionPlugins, new RbacEscalationAdmission(rbac, security.Authorization), schema],
                schema,
                options.Time,
                new ApiServerSettings(options.MaxRequestBodyBytes, options.BookmarkInterval, stopping.Token, GarbageCollection: options.Controllers),
                security,
                aggregator,
                [.. authentication.Endpoints, .. AccessReviews.Endpoints(security.Authorization, options.MaxRequestBodyBytes), new PodBindingEndpoint(store, options.Time, options.MaxRequestBodyBytes)]);
            // /api reports a server address by client CIDR; clients ignore it, so the port need not be known yet.
            var discovery = new DiscoveryDocumentCache(catalog, "127.0.0.1");
            var server = new ApiServer(services, discovery, options.Version);
            await server.Definitions.LoadAsync(cancellationToken).ConfigureAwait(false);
            var authenticationInfo = AuthenticationConfigMap.Data(authority.CertificatePem, frontProxy);
            await AuthenticationConfigMap.PublishAsync(store, authenticationInfo, options.Time, cancellationToken).ConfigureAwait(false);
            await ApiServicePriorities.RegisterLocalAsync(store, catalog, options.Time, cancellationToken).ConfigureAwait(false);
            await aggregator.StartAsync(stopping.Token).ConfigureAwait(false);
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
            var controllers = new ControllerHost(options.LoggerFactory.CreateLogger("Clusternet.ControlPlane.Controllers"));
            plane = new ControlPlane(app, store, stopping, baseAddress, options.DataDirectory, adminToken, controllers, authority) { Authentication = authentication, Time = options.Time, Aggregator = aggregator };
            if (plane.KubeconfigPath is { } path)
            {
                await plane.WriteKubeconfigAsync(path, cancellationToken).ConfigureAwait(false);
            }

            var loopbackConfiguration = plane.CreateAdminConfiguration();
            loopbackConfiguration.AccessToken = loopbackToken;
            var loopback = new Kubernetes(loopbackConfiguration);
            plane.Simulation = options.Simulation is { } simulated
                ? new ClusterSimulation(simulated, options.Version.GitVersion, services.Health, loopback, options.LoggerFactory)
                : null;
            if (plane.Simulation is { } simulation)
            {
                await simulation.RegisterNodesAsync(cancellationToken).ConfigureAwait(false);
            }

            controllers.Start(
                BuiltInControllers(options, plane.Simulation, aggregator, authenticationInfo),
                new ControllerContext(loopback, options.Time, TokenSigner: authentication.ServiceAccountTokens, CertificateAuthorityPem: authority.CertificatePem));
            return plane;
        }
        catch
        {
            // Whatever started must stop, so that a failed start leaves no listener bound and no watch running.
            if (plane is not null)
            {
                await plane.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await stopping.CancelAsync().ConfigureAwait(false);
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            aggregator?.Dispose();
            authority?.Dispose();
            authentication?.Dispose();
            frontProxy?.Dispose();
            stopping.Dispose();
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the admin kubeconfig for this server that kubectl, client-node and KubernetesClient accept.</summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default) =>
        InstanceCertificates.WriteSecretAsync(path, Kubeconfig.Render(BaseAddress, Authority.CertificatePem, AdminToken), cancellationToken);

    /// <summary>
    /// Writes a kubeconfig for this server that authenticates with <paramref name="bearerToken"/> — a service account
    /// token from the TokenRequest API (<c>client.CoreV1.CreateNamespacedServiceAccountTokenAsync</c>), a bootstrap
    /// token, or a static token from <see cref="ControlPlaneSecurityOptions.Tokens"/>.
    /// </summary>
    /// <param name="path">The file to write (readable by its owner only); its directory must exist.</param>
    /// <param name="bearerToken">The token the kubeconfig's user sends.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task WriteKubeconfigAsync(string path, string bearerToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bearerToken);
        return InstanceCertificates.WriteSecretAsync(path, Kubeconfig.Render(BaseAddress, Authority.CertificatePem, bearerToken, "user"), cancellationToken);
    }

    /// <summary>
    /// A KubernetesClient configuration that trusts this server's CA and authenticates with <paramref name="bearerToken"/>
    /// (see <see cref="WriteKubeconfigAsync(string, string, CancellationToken)"/> for where tokens come from).
    /// </summary>
    /// <param name="bearerToken">The token to send.</param>
    /// <returns>A new configuration; callers may change it.</returns>
    public KubernetesClientConfiguration CreateConfiguration(string bearerToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bearerToken);
        return ConfigurationFor(bearerToken);
    }

    /// <summary>
    /// Issues a client certificate, signed by this server's CA, that authenticates as <paramref name="user"/> in
    /// <paramref name="groups"/> (subject CN and O, as kube-apiserver reads them). Use it as
    /// <c>KubernetesClientConfiguration.ClientCertificateData</c>/<c>ClientCertificateKeyData</c> (PEM) or in a handler's
    /// client certificates. Do not add <c>system:masters</c> unless the holder should bypass authorization.
    /// </summary>
    /// <param name="user">The user name.</param>
    /// <param name="groups">The groups; <c>system:authenticated</c> is added by the server.</param>
    /// <param name="lifetime">How long the certificate is valid (capped at the CA's own expiry).</param>
    /// <returns>The certificate with its private key.</returns>
    public X509Certificate2 IssueClientCertificate(string user, IReadOnlyList<string> groups, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(groups);
        return Authority.IssueClient(user, groups, Time, lifetime);
    }

    /// <summary>A KubernetesClient configuration for the admin user (<c>system:masters</c>): <c>new Kubernetes(plane.CreateAdminConfiguration())</c>.</summary>
    /// <returns>A new configuration; callers may change it.</returns>
    public KubernetesClientConfiguration CreateAdminConfiguration() => ConfigurationFor(AdminToken);

    private KubernetesClientConfiguration ConfigurationFor(string bearerToken)
    {
        var authority = CertificateAuthority;
        return new()
        {
            Host = BaseAddress.ToString(),
            AccessToken = bearerToken,
            SslCaCerts = [authority],

            // The handshake checks the server against this CA alone. Otherwise SslStream first builds the chain against the
            // system's root store (KubernetesClient's own callback only looks at the CA after that has failed), which costs
            // more CPU than the rest of a handshake: a fleet of agents connecting at once spent a quarter of its time there.
            FirstMessageHandlerSetup = handler => handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { authority },
            },
        };
    }

    /// <summary>An HTTP handler that trusts the instance CA and authenticates as the admin user, for raw HTTP calls in tests and benchmarks.</summary>
    internal HttpMessageHandler CreateAdminHandler() => new BearerHandler(AdminToken) { InnerHandler = CreateTrustingHandler() };

    /// <summary>A handler that trusts the instance CA (and nothing else) and sends no credentials.</summary>
    internal SocketsHttpHandler CreateTrustingHandler()
    {
        var authority = Authority;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 presented && authority.Verifies(presented, TimeProvider.System) },
        };
    }

    /// <summary>Ends open watches, stops listening and closes storage.</summary>
    /// <param name="cancellationToken">Cuts the graceful wait for in-flight requests short.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        await controllers.DisposeAsync().ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
        Authority.Dispose();
        Authentication.Dispose();
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static RequestSecurity CreateSecurity(ControlPlaneSecurityOptions options, string adminToken, string loopbackToken, BuiltInAuthentication builtIn, RbacAuthorizer rbac)
    {
        var tokens = new List<KeyValuePair<string, UserInfo>>
        {
            new(adminToken, UserInfo.Authenticated(AdminUser, string.Empty, [UserInfo.MastersGroup])),
            new(loopbackToken, UserInfo.Authenticated(LoopbackUser, string.Empty, [UserInfo.MastersGroup])),
        };
        tokens.AddRange(options.Tokens.Select(t => new KeyValuePair<string, UserInfo>(t.Key, UserInfo.Authenticated(t.Value.Name, t.Value.Uid, t.Value.Groups))));
        var authentication = builtIn.CreateChain(tokens, options.AllowAnonymous);
        // Test authorizers go first so their denials are not pre-empted by what the default RBAC policy allows.
        var authorization = new AuthorizationChain([.. options.AuthorizersForTesting, rbac], options.Authorization);
        return new RequestSecurity(authentication, new ImpersonationStage(authorization), authorization);
    }

    private static IEnumerable<IControlPlaneController> BuiltInControllers(ControlPlaneOptions options, ClusterSimulation? simulation, ApiAggregator aggregator, IReadOnlyDictionary<string, string> authenticationInfo)
    {
        var simulated = simulation?.Controllers ?? [];
        if (!options.Controllers)
        {
            return simulated;
        }

        var logger = options.LoggerFactory.CreateLogger("Clusternet.ControlPlane.Controllers");
        return
        [
            new Controllers.Namespaces.NamespaceController(logger),
            new Controllers.GarbageCollection.GarbageCollector(logger),
            new Controllers.ServiceAccounts.ServiceAccountController(logger),
            new Controllers.ServiceAccounts.TokenController(logger),
            new ClusterRoleAggregationController(),
            new AvailabilityController(aggregator.Transport, TimeSpan.FromSeconds(1)),
            new AuthenticationInfoController(authenticationInfo, TimeSpan.FromSeconds(10)),
            .. simulated,
        ];
    }

    // The admin token is kept with the data so that a kubeconfig written before a restart still works after it.
    private static async Task<string> LoadOrCreateAdminTokenAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        if (dataDirectory is null)
        {
            return NewToken();
        }

        var path = Path.Combine(dataDirectory, "pki", "admin.token");
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = NewToken();
        await InstanceCertificates.WriteSecretAsync(path, token, cancellationToken).ConfigureAwait(false);
        return token;
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

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

    private sealed class BearerHandler(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
