using System.Reflection;
using Clusternet.Apis.Schema;
using Clusternet.CrdGen;
using Clusternet.Testing;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>The CRD generated from each Clusternet.Client kind is upstream's CRD, structurally.</summary>
public sealed class GeneratedCrdTests
{
    private static readonly Assembly Client = typeof(CustomResourceAttribute).Assembly;

    public static TheoryData<string> Kinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in CustomResourceDefinitionGenerator.CustomResourceKinds(Client))
        {
            data.Add(kind.FullName!);
        }

        return data;
    }

    [UpstreamTheory]
    [MemberData(nameof(Kinds))]
    public void GeneratedCrdIsStructurallyUpstreams(string kindTypeName)
    {
        var crd = new CustomResourceDefinitionGenerator().Generate(Client.GetType(kindTypeName, throwOnError: true)!);
        var file = CrdDirectory.FileName(crd);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.UpstreamCrds!, file)), $"upstream has no {file}");

        var differences = new CrdStructuralComparer().Compare(UpstreamCrds.Load(file), crd);

        Assert.True(differences.Count == 0, $"{file}: {differences.Count} difference(s)\n" + string.Join("\n", differences));
    }

    // Every upstream CRD of our groups has a model, and no model lacks one; a failure lists which.
    [UpstreamFact]
    public void OurKindsAreExactlyUpstreamsCrdsOfOurGroups()
    {
        var ours = new CustomResourceDefinitionGenerator().Generate(Client).Select(CrdDirectory.FileName).ToHashSet();
        var upstream = UpstreamCrds.FileNamesOfOurGroups().ToHashSet();

        var missing = upstream.Except(ours).Order(StringComparer.Ordinal).ToList();
        var extra = ours.Except(upstream).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"no [CustomResource] kind for: {string.Join(", ", missing)}; no upstream CRD for: {string.Join(", ", extra)}");
    }
}
