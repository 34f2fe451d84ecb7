using Clusternet.Apis.Schema;
using Clusternet.CrdGen;
using Clusternet.Runtime.Crds;
using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>deploy/crds is what the generator makes of the models, and Clusternet.Runtime ships exactly that.</summary>
public sealed class DeployedCrdTests
{
    private static readonly IReadOnlyList<V1CustomResourceDefinition> Generated =
        new CustomResourceDefinitionGenerator().Generate(typeof(CustomResourceAttribute).Assembly);

    [Fact]
    public async Task CommittedFilesEqualTheGeneratorsOutput()
    {
        var differences = await CrdDirectory.DifferencesAsync(CrdDirectory.Render(Generated), UpstreamCrds.DeployDirectory);

        Assert.True(
            differences.Count == 0,
            "deploy/crds is out of date (run: dotnet run --project tools/Clusternet.CrdGen): " + string.Join(", ", differences));
    }

    [Fact]
    public void EmbeddedCrdsAreTheGeneratedOnes()
    {
        Assert.Equal(
            Generated.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal),
            ClusternetCustomResourceDefinitions.All.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmbeddedCrdsAreStructurallyTheGeneratedOnes()
    {
        var comparer = new CrdStructuralComparer();
        var embedded = ClusternetCustomResourceDefinitions.All.ToDictionary(c => c.Metadata.Name);

        var differences = Generated
            .Where(c => embedded.ContainsKey(c.Metadata.Name))
            .SelectMany(c => comparer.Compare(c, embedded[c.Metadata.Name]).Select(d => $"{c.Metadata.Name}: {d}"))
            .ToList();

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void YamlOfEachEmbeddedCrdIsItsCommittedFile()
    {
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            var path = Path.Combine(UpstreamCrds.DeployDirectory, CrdDirectory.FileName(crd));
            Assert.Equal(File.ReadAllText(path), ClusternetCustomResourceDefinitions.GetYaml(crd.Spec.Group, crd.Spec.Names.Plural));
        }
    }

    [Fact]
    public void YamlOfAnUnknownCrdIsNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => ClusternetCustomResourceDefinitions.GetYaml("apps.clusternet.io", "nonexistents"));
    }

    public static TheoryData<string> CrdFiles()
    {
        var data = UpstreamCrds.AllFiles();
        foreach (var file in Directory.Exists(UpstreamCrds.DeployDirectory) ? Directory.EnumerateFiles(UpstreamCrds.DeployDirectory, "*.yaml") : [])
        {
            data.Add(file);
        }

        return data;
    }

    // Kept so that a YamlDotNet that learns to read it shows up here: then fold it back into CrdFiles.
    [UpstreamFact]
    public void VendoredNodeFeatureRuleCrdIsTheOneFileKubernetesYamlRejects()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamCrds!, UpstreamCrds.YamlDotNetRejects));

        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubernetesYaml.Deserialize<V1CustomResourceDefinition>(text));
    }

    [UpstreamTheory]
    [MemberData(nameof(CrdFiles))]
    public void CrdFileParsesWithKubernetesYaml(string file)
    {
        // Upstream's files are named relative to their folder; ours come with their full path.
        var path = Path.IsPathRooted(file) ? file : Path.Combine(RepositoryPaths.UpstreamCrds!, file);

        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(path));

        Assert.Equal("CustomResourceDefinition", crd.Kind);
        Assert.Equal($"{crd.Spec.Names.Plural}.{crd.Spec.Group}", crd.Metadata.Name);
        Assert.NotNull(Assert.Single(crd.Spec.Versions).Schema.OpenAPIV3Schema.Properties);
    }
}
