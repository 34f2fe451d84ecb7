// Clusternet for .NET — QuickStart.
//
// What it shows today: Clusternet's kinds as typed .NET objects read from ordinary YAML with
// KubernetesClient's own loader, their exact wire JSON, then a parent cluster on the embedded
// control plane (an in-process Kubernetes API server): the Clusternet CRDs installed, the objects
// created, listed, patched, watched and deleted with the typed clients, and a broken object refused
// with every cause. `-- --data-dir DIR` keeps the parent's state; `-- --kubeconfig FILE` uses a real
// cluster instead. Later issues grow this into a whole fleet: hub, agents and child clusters.
using System.Text.Json.Nodes;
using Clusternet.Apis;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Samples.QuickStart;
using k8s;

var manifestsDir = Path.Combine(AppContext.BaseDirectory, "manifests");
Console.WriteLine("Clusternet for .NET — QuickStart");
Console.WriteLine();

// 1. Typed objects from YAML, through KubernetesClient's loader and our kinds' type map.
Console.WriteLine("1. Manifests read as typed Clusternet objects (KubernetesYaml + ClusternetKinds.YamlTypeMap)");
var documents = new List<(string File, object Object)>();
foreach (var file in Directory.GetFiles(manifestsDir, "*.yaml").Order(StringComparer.Ordinal))
{
    foreach (var obj in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file), new Dictionary<string, Type>(ClusternetKinds.YamlTypeMap)))
    {
        documents.Add((Path.GetFileName(file), obj));
        Console.WriteLine($"   {Path.GetFileName(file),-26} {Describe(obj)}");
    }
}

Console.WriteLine();

// 2. The wire form: exactly what upstream's API carries, including a value Go cannot send.
var north = documents.Select(d => d.Object).OfType<Localization>().Single();
Console.WriteLine("2. Wire JSON of a Localization with priority 0 (Go's client drops a zero; the server would make it 500):");
var readable = new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
Console.WriteLine("   " + JsonNode.Parse(KubernetesJson.Serialize(north))!.ToJsonString(readable).ReplaceLineEndings(Environment.NewLine + "   "));
Console.WriteLine();

return await FleetDemo.RunAsync(args, documents.Select(d => d.Object).ToArray());

static string Describe(object obj) => obj switch
{
    Subscription s => $"Subscription {s.Metadata.NamespaceProperty}/{s.Metadata.Name}: {s.Spec.SchedulingStrategy}, {s.Spec.Subscribers?.Count ?? 0} subscribers, feeds {string.Join(", ", (s.Spec.Feeds ?? []).Select(f => $"{f.Kind}/{f.Name}"))}",
    Globalization g => $"Globalization {g.Metadata.Name}: priority {g.Spec.Priority}, {g.Spec.Overrides?.Count ?? 0} override(s) for {g.Spec.Feed?.Kind}/{g.Spec.Feed?.Name}",
    Localization l => $"Localization {l.Metadata.NamespaceProperty}/{l.Metadata.Name}: priority {l.Spec.Priority}, {l.Spec.Overrides?.Count ?? 0} override(s) for {l.Spec.Feed?.Kind}/{l.Spec.Feed?.Name}",
    HelmChart h => $"HelmChart {h.Metadata.NamespaceProperty}/{h.Metadata.Name}: {h.Spec.Chart} {h.Spec.Version} from {h.Spec.Repo}, createNamespace={h.Spec.CreateNamespace}",
    IKubernetesObject o => $"{o.Kind}",
    _ => obj.GetType().Name,
};
