using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Subscription = Clusternet.Client.Tests.Support.Widget;
using SubscriptionList = Clusternet.Client.Tests.Support.WidgetList;

namespace Clusternet.Client.Tests.Clients;

/// <summary>The code of docs/client.md, kept compiling (never run: it needs a cluster).</summary>
internal static class DocsExamples
{
    public static async Task TypedClientsAsync()
    {
        var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig());
        var subscriptions = kubernetes.Resource<Subscription, SubscriptionList>("default");
        var subscription = await subscriptions.GetAsync("app-demo");
        await foreach (var item in subscriptions.ListAllAsync(new ListOptions { LabelSelector = "team=web" }))
        {
            Console.WriteLine(item.Metadata.Name);
        }

        var configMaps = kubernetes.Resource<V1ConfigMap, V1ConfigMapList>(ResourceDescriptor.For<V1ConfigMap>(namespaced: true), "default");
        var applied = await configMaps.PatchAsync(
            "settings",
            new V1Patch(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new() { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast" } }, V1Patch.PatchType.ApplyPatch),
            new PatchOptions { FieldManager = "my-controller", Force = true, DryRun = true });
        var remaining = await configMaps.DeleteAsync("settings", new DeleteOptions { PreconditionUid = applied.Metadata.Uid, PropagationPolicy = "Foreground" });

        using var stop = new CancellationTokenSource();
        await foreach (var change in subscriptions.WatchAsync(new WatchOptions { LabelSelector = "team=web", TimeoutSeconds = 300 }, stop.Token))
        {
            Console.WriteLine($"{change.Type} {change.Object.Metadata.Name} at {change.Object.Metadata.ResourceVersion}");
        }

        try
        {
            await subscriptions.CreateAsync(subscription);
        }
        catch (AlreadyExistsException)
        {
        }
        catch (InvalidException ex)
        {
            foreach (var cause in ex.Causes)
            {
                Console.WriteLine($"{cause.Field}: {cause.Message}");
            }
        }

        GC.KeepAlive(remaining);
    }

    public static void Registration(IServiceCollection services, IConfiguration configuration)
    {
        services.AddClusternetClient();
        services.AddClusternetClient(configuration.GetSection("Hub"));
        services.AddClusternetClient(o => o.Context = "child-1");
    }

    public sealed class SubscriptionReporter(ResourceClientFactory clients, IResourceClient<Subscription, SubscriptionList> all)
    {
        public Task<Subscription> InDefaultAsync(string name, CancellationToken ct) =>
            clients.Create<Subscription, SubscriptionList>("default").GetAsync(name, ct);

        public Task<SubscriptionList> EverywhereAsync(CancellationToken ct) => all.ListAsync(cancellationToken: ct);
    }
}
