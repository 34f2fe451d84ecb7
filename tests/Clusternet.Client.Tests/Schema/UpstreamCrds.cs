using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>Upstream's CRD files, and ours under deploy/crds.</summary>
internal static class UpstreamCrds
{
    /// <summary>The API groups whose kinds Clusternet.Client models (docs/models.md).</summary>
    public static readonly string[] OurGroups = ["apps.clusternet.io", "clusters.clusternet.io", "multicluster.x-k8s.io", "proxies.clusternet.io"];

    /// <summary>
    /// node-feature-discovery's CRD, which upstream vendors: its multi-line double-quoted
    /// descriptions continue at the key's own indentation, which go-yaml and PyYAML accept but
    /// YamlDotNet (so KubernetesYaml) rejects as wrong indentation. It is not one of our groups.
    /// </summary>
    public const string YamlDotNetRejects = "nodefeaturerule-crd.yaml";

    public static string DeployDirectory => Path.Combine(RepositoryPaths.Root, "deploy", "crds");

    /// <summary>Every upstream CRD file name; none where the reference folder is absent.</summary>
    public static IEnumerable<string> FileNames() =>
        RepositoryPaths.UpstreamCrds is { } dir && Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!
            : [];

    /// <summary>The upstream files named <c>&lt;group&gt;_&lt;plural&gt;.yaml</c> for one of <see cref="OurGroups"/>.</summary>
    public static IEnumerable<string> FileNamesOfOurGroups() =>
        FileNames().Where(f => OurGroups.Any(g => f.StartsWith(g + "_", StringComparison.Ordinal)));

    public static V1CustomResourceDefinition Load(string fileName) =>
        KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamCrds!, fileName)));

    /// <summary>Every upstream CRD file KubernetesYaml can read (all but <see cref="YamlDotNetRejects"/>).</summary>
    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in FileNames().Where(n => n != YamlDotNetRejects))
        {
            data.Add(name);
        }

        return data;
    }
}
