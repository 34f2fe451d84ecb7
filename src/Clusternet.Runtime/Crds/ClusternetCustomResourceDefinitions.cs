using System.Reflection;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Crds;

/// <summary>
/// The CustomResourceDefinitions of every Clusternet kind, generated from Clusternet.Client's
/// models (<c>deploy/crds</c>) and embedded in this assembly, ready to be created or applied in
/// a parent cluster before the hub starts.
/// </summary>
public static class ClusternetCustomResourceDefinitions
{
    private const string ResourcePrefix = "Clusternet.Crds.";

    private static readonly Lazy<IReadOnlyList<V1CustomResourceDefinition>> LazyAll = new(Load);

    /// <summary>Every embedded CRD, parsed once, in file-name order (group, then plural). The instances are shared: change a copy (from <see cref="GetYaml"/>), not these.</summary>
    public static IReadOnlyList<V1CustomResourceDefinition> All => LazyAll.Value;

    /// <summary>The YAML of one CRD exactly as generated, such as for <c>kubectl apply -f -</c>.</summary>
    /// <param name="group">The API group, such as <c>apps.clusternet.io</c>.</param>
    /// <param name="plural">The plural resource name, such as <c>subscriptions</c>.</param>
    /// <returns>The document text.</returns>
    /// <exception cref="KeyNotFoundException">No CRD of that group and plural is embedded.</exception>
    public static string GetYaml(string group, string plural)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(plural);
        return Read($"{ResourcePrefix}{group}_{plural}.yaml")
            ?? throw new KeyNotFoundException($"no CustomResourceDefinition {plural}.{group} is embedded in {typeof(ClusternetCustomResourceDefinitions).Assembly.GetName().Name}");
    }

    private static IReadOnlyList<V1CustomResourceDefinition> Load() =>
        [.. typeof(ClusternetCustomResourceDefinitions).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(Read(n)!))];

    private static string? Read(string resourceName)
    {
        using var stream = typeof(ClusternetCustomResourceDefinitions).Assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
