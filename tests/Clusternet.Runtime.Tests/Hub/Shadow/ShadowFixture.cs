using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Redirection;
using Clusternet.Runtime.Crds;
using Clusternet.Runtime.Hub.Shadow;
using Clusternet.Runtime.Tests.Tunnel.Support;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>
/// A parent control plane (simulated nodes, so a real Deployment would get pods; the Clusternet CRDs installed), the
/// shadow API hosted on Kestrel over HTTPS at <c>/apis/shadow/v1alpha1</c> without authentication (the hub wires that),
/// and a KubernetesClient redirected there by <see cref="ShadowRedirection.ForShadow"/>.
/// </summary>
public sealed class ShadowFixture : IAsyncLifetime
{
    private const string ShadowRoot = "/apis/shadow/v1alpha1";

    private readonly CancellationTokenSource stopping = new();
    private Plane? plane;
    private KestrelHost? host;

    /// <summary>The hub's view of the parent (cluster-admin).</summary>
    public Kubernetes Parent { get; private set; } = null!;

    /// <summary>A client whose calls go to the shadow API.</summary>
    public Kubernetes Shadow { get; private set; } = null!;

    internal ShadowApi Api { get; private set; } = null!;

    /// <summary>The shadow API's base address (no path).</summary>
    public Uri Address => host!.Address;

    public ResourceClient<Manifest, ManifestList> Manifests => Parent.Resource<Manifest, ManifestList>(ClusternetNamespaces.Reserved);

    public async Task InitializeAsync()
    {
        plane = await Plane.StartAsync(new ControlPlaneOptions
        {
            Simulation = new SimulationOptions { Nodes = [new SimulatedNode("node-1")] },
        });
        Parent = new Kubernetes(plane.CreateAdminConfiguration());
        foreach (var definition in ClusternetCustomResourceDefinitions.All)
        {
            await Parent.ApiextensionsV1.CreateCustomResourceDefinitionAsync(definition);
        }

        Api = new ShadowApi(Parent, ClusternetNamespaces.Reserved, NullLogger<ShadowApi>.Instance);
        await Api.StartAsync(stopping.Token);
        host = await KestrelHost.StartAsync(
            app =>
            {
                app.MapGet(ShadowRoot, () => Results.Bytes(Api.ResourceList(), "application/json"));
                app.Map(ShadowRoot + "/{**rest}", (HttpContext context, string? rest) =>
                    Api.HandleAsync(context, "/" + rest, context.RequestAborted));
            },
            TestCertificate.Instance);

        var configuration = new KubernetesClientConfiguration { Host = host.Address.ToString(), SkipTlsVerify = true };
        Shadow = new Kubernetes(configuration, ShadowRedirection.ForShadow(host.Address));
    }

    public async Task DisposeAsync()
    {
        await stopping.CancelAsync();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        Shadow?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        Parent?.Dispose();
        if (plane is not null)
        {
            await plane.DisposeAsync();
        }

        stopping.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ShadowCollection : ICollectionFixture<ShadowFixture>
{
    public const string Name = "shadow";
}
