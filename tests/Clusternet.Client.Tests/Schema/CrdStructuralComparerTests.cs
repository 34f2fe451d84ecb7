using Clusternet.Testing;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>The comparer finds no difference where there is none, and names every one there is.</summary>
public sealed class CrdStructuralComparerTests
{
    private const string SpecPath = "spec.versions[v1beta1].schema.openAPIV3Schema.properties.spec";
    private static readonly CrdStructuralComparer Comparer = new();

    public static TheoryData<string> UpstreamFiles => UpstreamCrds.AllFiles();

    [UpstreamTheory]
    [MemberData(nameof(UpstreamFiles))]
    public void UpstreamCrdEqualsItself(string file)
    {
        Assert.Empty(Comparer.Compare(UpstreamCrds.Load(file), UpstreamCrds.Load(file)));
    }

    [UpstreamFact]
    public void ChangedPatternIsReportedWithItsPath()
    {
        var altered = ManagedClusters();
        Spec(altered).Properties["clusterId"].Pattern = "[0-9]+";

        var difference = Assert.Single(Comparer.Compare(ManagedClusters(), altered));
        Assert.StartsWith(SpecPath + ".properties.clusterId.pattern: expected \"[0-9a-fA-F]{8}-", difference);
        Assert.EndsWith(", got \"[0-9]+\"", difference);
    }

    [UpstreamFact]
    public void EveryDifferenceIsListed()
    {
        var altered = ManagedClusters();
        Spec(altered).Properties.Remove("clusterType");
        Spec(altered).Properties["extra"] = new V1JSONSchemaProps { Type = "string" };
        Spec(altered).Required = ["syncMode"];
        Spec(altered).Properties["clusterInitBaseName"].MaxLength = 30;
        altered.Spec.Names.ShortNames = ["mc"];
        altered.Spec.Versions[0].Subresources = null;

        Assert.Equal(
            [
                "spec.names.shortNames: expected [\"mcls\"], got [\"mc\"]",
                "spec.versions[v1beta1].subresources: expected {\"status\":{}}, got nothing",
                SpecPath + ".properties.clusterInitBaseName.maxLength: expected 512, got 30",
                SpecPath + ".properties.clusterType: expected the property, got nothing",
                SpecPath + ".properties.extra: expected nothing, got the property",
                SpecPath + ".required: expected [\"clusterId\",\"syncMode\"], got [\"syncMode\"]",
            ],
            Comparer.Compare(ManagedClusters(), altered));
    }

    [UpstreamFact]
    public void DescriptionsAreIgnored()
    {
        var altered = ManagedClusters();
        Spec(altered).Description = "something else";
        Spec(altered).Properties["clusterId"].Description = null;

        Assert.Empty(Comparer.Compare(ManagedClusters(), altered));
    }

    [UpstreamFact]
    public void RequiredIsComparedAsASet()
    {
        var altered = ManagedClusters();
        Spec(altered).Required = ["syncMode", "clusterId"];

        Assert.Empty(Comparer.Compare(ManagedClusters(), altered));
    }

    [UpstreamFact]
    public void DefaultsAreComparedAsJson()
    {
        var expected = UpstreamCrds.Load("apps.clusternet.io_localizations.yaml");
        var altered = UpstreamCrds.Load("apps.clusternet.io_localizations.yaml");
        altered.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["priority"].DefaultProperty = "500";

        var difference = Assert.Single(Comparer.Compare(expected, altered));
        Assert.Equal("spec.versions[v1alpha1].schema.openAPIV3Schema.properties.spec.properties.priority.default: expected 500, got \"500\"", difference);
    }

    [UpstreamFact]
    public void MissingListKindAndSingularMeanTheApiserversDefaults()
    {
        var explicitNames = UpstreamCrds.Load("multicluster.x-k8s.io_serviceexports.yaml");
        explicitNames.Spec.Names.ListKind = "ServiceExportList";
        explicitNames.Spec.Names.Singular = null;

        Assert.Empty(Comparer.Compare(UpstreamCrds.Load("multicluster.x-k8s.io_serviceexports.yaml"), explicitNames));
    }

    [UpstreamFact]
    public void ChangedPrinterColumnIsReported()
    {
        var altered = ManagedClusters();
        altered.Spec.Versions[0].AdditionalPrinterColumns[1].Priority = null;

        var difference = Assert.Single(Comparer.Compare(ManagedClusters(), altered));
        Assert.Equal("spec.versions[v1beta1].additionalPrinterColumns[1].priority: expected 100, got 0", difference);
    }

    [UpstreamFact]
    public void MissingVersionIsReported()
    {
        var altered = ManagedClusters();
        altered.Spec.Versions[0].Name = "v1";

        Assert.Equal(
            ["spec.versions[v1beta1]: expected the version, got nothing", "spec.versions[v1]: expected nothing, got the version"],
            Comparer.Compare(ManagedClusters(), altered));
    }

    private static V1CustomResourceDefinition ManagedClusters() => UpstreamCrds.Load("clusters.clusternet.io_managedclusters.yaml");

    private static V1JSONSchemaProps Spec(V1CustomResourceDefinition crd) => crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];
}
