using Clusternet.Client.Tests.Schema.Models;
using Clusternet.CrdGen;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>The CRD around the schema: name, names, scope, version, subresources, printer columns.</summary>
public sealed class CustomResourceDefinitionGeneratorTests
{
    private static readonly CustomResourceDefinitionGenerator Generator = new();
    private readonly V1CustomResourceDefinition _gadget = Generator.Generate(typeof(Gadget));

    [Fact]
    public void NameIsPluralDotGroup()
    {
        Assert.Equal("apiextensions.k8s.io/v1", _gadget.ApiVersion);
        Assert.Equal("CustomResourceDefinition", _gadget.Kind);
        Assert.Equal("gadgets.testing.clusternet.io", _gadget.Metadata.Name);
        Assert.Equal("testing.clusternet.io", _gadget.Spec.Group);
    }

    [Fact]
    public void NamesComeFromTheEntityAndCustomResourceAttributes()
    {
        var names = _gadget.Spec.Names;

        Assert.Equal("Gadget", names.Kind);
        Assert.Equal("GadgetList", names.ListKind);
        Assert.Equal("gadgets", names.Plural);
        Assert.Equal("gadget", names.Singular);
        Assert.Equal(["gd", "gdt"], names.ShortNames);
        Assert.Equal(["clusternet", "testing"], names.Categories);
    }

    [Fact]
    public void SingularCanBeSetAndEmptyNameListsAreOmitted()
    {
        var names = Generator.Generate(typeof(Widget)).Spec.Names;

        Assert.Equal("wdgt", names.Singular);
        Assert.Null(names.ShortNames);
        Assert.Null(names.Categories);
    }

    [Fact]
    public void ScopeFollowsTheAttribute()
    {
        Assert.Equal("Cluster", _gadget.Spec.Scope);
        Assert.Equal("Namespaced", Generator.Generate(typeof(Widget)).Spec.Scope);
    }

    [Fact]
    public void OneServedAndStoredVersionNamedAfterTheApiVersion()
    {
        var version = Assert.Single(_gadget.Spec.Versions);

        Assert.Equal("v1alpha2", version.Name);
        Assert.True(version.Served);
        Assert.True(version.Storage);
    }

    [Fact]
    public void StatusSubresourceIsAnEmptyStatusObject()
    {
        var json = CrdStructuralComparer.ToJson(_gadget.Spec.Versions[0].Subresources);

        Assert.Equal("""{"status":{}}""", json.ToJsonString());
    }

    [Fact]
    public void EmptySubresourcesIsAnEmptyObject()
    {
        var json = CrdStructuralComparer.ToJson(Generator.Generate(typeof(Widget)).Spec.Versions[0].Subresources);

        Assert.Equal("{}", json.ToJsonString());
    }

    [Fact]
    public void NoSubresourcesMarkerMeansNoSubresources()
    {
        Assert.Null(Generator.Generate(typeof(Gizmo)).Spec.Versions[0].Subresources);
    }

    [Fact]
    public void PrinterColumnsFollowTheirOrderWithPriorityOnlyWhenSet()
    {
        var columns = _gadget.Spec.Versions[0].AdditionalPrinterColumns;

        Assert.Equal(["MODE", "SIZE", "AGE"], columns.Select(c => c.Name));
        Assert.Equal((".spec.count", "integer", 10, "int32", "How many"), (columns[1].JsonPath, columns[1].Type, columns[1].Priority, columns[1].Format, columns[1].Description));
        Assert.Null(columns[2].Priority);
    }

    [Fact]
    public void KindWithoutPrinterColumnsHasNone()
    {
        Assert.Null(Generator.Generate(typeof(Widget)).Spec.Versions[0].AdditionalPrinterColumns);
    }

    [Fact]
    public void AssemblyYieldsItsCustomResourceKindsByGroupThenPlural()
    {
        var crds = Generator.Generate(typeof(Gadget).Assembly);

        Assert.Equal(["gadgets", "gizmos", "widgets"], crds.Where(c => c.Spec.Group == Gadget.KubeGroup).Select(c => c.Spec.Names.Plural));
    }

    [Fact]
    public void TypeWithoutCustomResourceIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Generator.Generate(typeof(GadgetList)));
    }
}
