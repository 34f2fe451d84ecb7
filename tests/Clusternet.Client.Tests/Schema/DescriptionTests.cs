using Clusternet.Client.Tests.Schema.Models;
using Clusternet.CrdGen;

namespace Clusternet.Client.Tests.Schema;

/// <summary>Descriptions come from the XML documentation summaries, whitespace-normalised.</summary>
public sealed class DescriptionTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Gadget =
        SchemaPath.Root(new CustomResourceDefinitionGenerator().Generate(typeof(Gadget)));

    [Fact]
    public void KindDescriptionIsTheClassSummary()
    {
        Assert.Equal("A gadget under test.", (string?)Gadget["description"]);
    }

    [Fact]
    public void PropertySummaryIsNormalisedToOneLineOfPlainWords()
    {
        Assert.Equal("The gadget's name, used by Gadget; wrapped over lines.", (string?)SchemaPath.Find(Gadget, "spec.name")["description"]);
    }

    [Fact]
    public void PropertyWithoutSummaryHasNoDescription()
    {
        Assert.Null(SchemaPath.Find(Gadget, "spec.count")["description"]);
    }

    [Fact]
    public void PropertySummaryReplacesTheTypeSummary()
    {
        Assert.Equal("What the gadget should be.", (string?)SchemaPath.Find(Gadget, "spec")["description"]);
    }

    [Fact]
    public void ListItemsKeepTheirTypeSummary()
    {
        Assert.Equal("One part of a gadget; replaced as a whole by server-side apply.", (string?)SchemaPath.Find(Gadget, "spec.keyedParts.[]")["description"]);
    }

    [Fact]
    public void InheritedPropertyIsDescribedByItsDeclaringType()
    {
        Assert.Equal("The phase the gadget is in.", (string?)SchemaPath.Find(Gadget, "status.phase")["description"]);
    }

    [Fact]
    public void ObjectMetaHasNoDescription()
    {
        Assert.Null(SchemaPath.Find(Gadget, "metadata")["description"]);
    }

    [Fact]
    public void KubernetesTypesAreDescribedFromKubernetesClientsDocumentation()
    {
        Assert.False(string.IsNullOrEmpty((string?)SchemaPath.Find(Gadget, "spec.tolerations.[].key")["description"]));
    }
}
