using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Hosting;
using Clusternet.Runtime.Crds;
using k8s;
using k8s.Autorest;
using k8s.Models;

using EmbeddedControlPlane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// Step 3: a parent cluster — the embedded control plane, or a real cluster with <c>--kubeconfig</c> —
/// and the typed clients against it: install the CRDs, create, dry-run, list, watch, patch and delete
/// the QuickStart's objects, reporting what the server and the watch say.
/// </summary>
public static class FleetDemo
{
    /// <summary>Starts the embedded control plane (or connects to <c>--kubeconfig</c>) and drives the objects through it.</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<object> objects)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var kubeconfig = Argument(args, "--kubeconfig");
        if (kubeconfig is not null)
        {
            using var remote = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            Console.WriteLine($"3. A parent cluster at {remote.BaseUri} (from {kubeconfig})");
            return await DriveAsync(remote, objects, installCrds: true, Console.Out, cts.Token);
        }

        // The embedded control plane: a real Kubernetes API server over HTTP on 127.0.0.1, in this process.
        var dataDir = Argument(args, "--data-dir");
        await using var parent = await EmbeddedControlPlane.StartAsync(
            new ControlPlaneOptions { DataDirectory = dataDir is null ? null : Path.GetFullPath(dataDir) }, cts.Token);
        Console.WriteLine($"3. A parent cluster on the embedded control plane at {parent.BaseAddress}" +
            (parent.KubeconfigPath is { } path ? $" (state and kubeconfig in {Path.GetDirectoryName(path)})" : " (in memory)"));
        using var kubernetes = new Kubernetes(parent.CreateAdminConfiguration());
        return await DriveAsync(kubernetes, objects, installCrds: true, Console.Out, cts.Token);
    }

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Drives the objects through a server with the typed clients, writing what happens to <paramref name="output"/>.</summary>
    public static async Task<int> DriveAsync(Kubernetes kubernetes, IReadOnlyList<object> objects, bool installCrds, TextWriter output, CancellationToken cancellationToken)
    {
        var clusternet = new ClusternetClient(kubernetes);
        if (installCrds)
        {
            await InstallCrdsAsync(kubernetes, output, cancellationToken);
        }

        foreach (var ns in objects.OfType<IKubernetesObject<V1ObjectMeta>>().Select(o => o.Metadata.NamespaceProperty).OfType<string>().Distinct())
        {
            await EnsureNamespaceAsync(kubernetes, ns, output, cancellationToken);
        }

        var subscriptions = clusternet.AppsV1Alpha1.Subscriptions("retail");

        // Watch from the current state: the resuming watch lists first, then follows changes.
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var seen = new List<string>();
        var sawDelete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in subscriptions.WatchAsync(cancellationToken: watchStop.Token))
                {
                    lock (seen)
                    {
                        seen.Add($"{e.Type} {e.Object.Metadata.Name} (resourceVersion {e.Object.Metadata.ResourceVersion})");
                    }

                    if (e.Type == WatchEventType.Deleted && e.Object.Metadata.Name == "shop-web")
                    {
                        sawDelete.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (watchStop.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);

        foreach (var obj in objects)
        {
            var name = Describe(obj);
            if (obj is Subscription { Metadata.Name: "shop-broken" } broken)
            {
                try
                {
                    await subscriptions.CreateAsync(broken, new WriteOptions { DryRun = true }, cancellationToken);
                    output.WriteLine($"   dry-run  {name}: accepted (this server does not validate custom resources against their schema)");
                }
                catch (InvalidException e)
                {
                    output.WriteLine($"   dry-run  {name}: refused with {(int)e.StatusCode} {e.Reason}: {e.Message}");
                    foreach (var cause in e.Causes)
                    {
                        output.WriteLine($"            - {cause.Field}: {cause.Reason}");
                    }
                }

                continue;
            }

            var created = await CreateAsync(clusternet, obj, cancellationToken);
            output.WriteLine($"   created  {name} (uid {created.Metadata.Uid}, resourceVersion {created.Metadata.ResourceVersion})");
        }

        // What the server stored: the schema defaults it applied, and the zero it kept.
        var web = await subscriptions.GetAsync("shop-web", cancellationToken);
        output.WriteLine($"   read     Subscription retail/shop-web: server defaults schedulerName={web.Spec.SchedulerName}, preemptionPolicy={web.Spec.PreemptionPolicy}");
        var banner = await clusternet.AppsV1Alpha1.Localizations("clusternet-north").GetAsync("shop-web-north-banner", cancellationToken);
        output.WriteLine($"   read     Localization clusternet-north/shop-web-north-banner: priority {banner.Spec.Priority} (sent as 0, stored as 0)");

        var all = await subscriptions.ListAsync(cancellationToken: cancellationToken);
        output.WriteLine($"   listed   {all.Items.Count} Subscription(s) in retail: {string.Join(", ", all.Items.Select(s => s.Metadata.Name))}");

        var patched = await subscriptions.PatchAsync(
            "shop-web",
            new V1Patch("""{"metadata":{"labels":{"shop.example.com/stage":"canary"}}}""", V1Patch.PatchType.MergePatch),
            cancellationToken: cancellationToken);
        output.WriteLine($"   patched  Subscription retail/shop-web: labels {string.Join(",", patched.Metadata.Labels.Select(l => $"{l.Key}={l.Value}"))}");

        try
        {
            await subscriptions.GetAsync("shop-missing", cancellationToken);
        }
        catch (NotFoundException e)
        {
            output.WriteLine($"   get      Subscription retail/shop-missing: {e.GetType().Name} ({e.Reason}): {e.Message}");
        }

        foreach (var obj in objects.OfType<IKubernetesObject<V1ObjectMeta>>().Where(o => o.Metadata.Name != "shop-broken").Reverse())
        {
            await DeleteAsync(clusternet, obj, cancellationToken);
            output.WriteLine($"   deleted  {Describe(obj)}");
        }

        await sawDelete.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await watchStop.CancelAsync();
        await watching;
        output.WriteLine("   the watch saw:");
        lock (seen)
        {
            foreach (var line in seen)
            {
                output.WriteLine("     " + line);
            }
        }

        return 0;
    }

    private static Task<IKubernetesObject<V1ObjectMeta>> CreateAsync(ClusternetClient c, object obj, CancellationToken ct) => obj switch
    {
        Subscription s => Upcast(c.AppsV1Alpha1.Subscriptions(s.Metadata.NamespaceProperty).CreateAsync(s, cancellationToken: ct)),
        Localization l => Upcast(c.AppsV1Alpha1.Localizations(l.Metadata.NamespaceProperty).CreateAsync(l, cancellationToken: ct)),
        Globalization g => Upcast(c.AppsV1Alpha1.Globalizations().CreateAsync(g, cancellationToken: ct)),
        HelmChart h => Upcast(c.AppsV1Alpha1.HelmCharts(h.Metadata.NamespaceProperty).CreateAsync(h, cancellationToken: ct)),
        _ => throw new NotSupportedException(obj.GetType().Name),
    };

    private static Task DeleteAsync(ClusternetClient c, object obj, CancellationToken ct) => obj switch
    {
        Subscription s => c.AppsV1Alpha1.Subscriptions(s.Metadata.NamespaceProperty).DeleteAsync(s.Metadata.Name, cancellationToken: ct),
        Localization l => c.AppsV1Alpha1.Localizations(l.Metadata.NamespaceProperty).DeleteAsync(l.Metadata.Name, cancellationToken: ct),
        Globalization g => c.AppsV1Alpha1.Globalizations().DeleteAsync(g.Metadata.Name, cancellationToken: ct),
        HelmChart h => c.AppsV1Alpha1.HelmCharts(h.Metadata.NamespaceProperty).DeleteAsync(h.Metadata.Name, cancellationToken: ct),
        _ => throw new NotSupportedException(obj.GetType().Name),
    };

    private static async Task<IKubernetesObject<V1ObjectMeta>> Upcast<T>(Task<T> task)
        where T : IKubernetesObject<V1ObjectMeta> => await task;

    private static string Describe(object obj) => obj is IKubernetesObject<V1ObjectMeta> o
        ? $"{obj.GetType().Name} {(o.Metadata.NamespaceProperty is { } ns ? ns + "/" : "")}{o.Metadata.Name}"
        : obj.GetType().Name;

    private static async Task InstallCrdsAsync(Kubernetes kubernetes, TextWriter output, CancellationToken ct)
    {
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            try
            {
                await kubernetes.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
                output.WriteLine($"   installed CRD {crd.Metadata.Name}");
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                output.WriteLine($"   CRD {crd.Metadata.Name} is already installed");
            }
        }
    }

    private static async Task EnsureNamespaceAsync(Kubernetes kubernetes, string ns, TextWriter output, CancellationToken ct)
    {
        try
        {
            await kubernetes.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct);
            output.WriteLine($"   created  Namespace {ns}");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Conflict)
        {
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound)
        {
            // A server without namespaces (such as a bare test server): nothing to prepare.
        }
    }
}
