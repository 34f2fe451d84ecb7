using System.Text.Json.Nodes;
using Clusternet.Client.Tests.Schema.Models;
using Clusternet.CrdGen;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Clusternet.Client.Tests.Schema;

/// <summary>The YAML is deterministic, laid out like controller-gen's, and reads back as the same CRD.</summary>
public sealed class CrdYamlWriterTests
{
    private static readonly V1CustomResourceDefinition Gadget = new CustomResourceDefinitionGenerator().Generate(typeof(Gadget));

    [Fact]
    public void SameCrdGivesTheSameText()
    {
        var again = new CustomResourceDefinitionGenerator().Generate(typeof(Gadget));

        Assert.Equal(CrdYamlWriter.Write(Gadget), CrdYamlWriter.Write(again));
    }

    [Fact]
    public void TextStartsWithTheHeaderAndTheDocumentsIdentity()
    {
        var lines = CrdYamlWriter.Write(Gadget).Split('\n');

        Assert.Equal(
            [CrdYamlWriter.Header, "---", "apiVersion: apiextensions.k8s.io/v1", "kind: CustomResourceDefinition", "metadata:", "  name: gadgets.testing.clusternet.io", "spec:"],
            lines[..7]);
    }

    [Fact]
    public void ReadsBackWithKubernetesYamlAsTheSameCrd()
    {
        var read = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdYamlWriter.Write(Gadget));

        Assert.True(
            JsonNode.DeepEquals(CrdStructuralComparer.ToJson(Gadget), CrdStructuralComparer.ToJson(read)),
            CrdStructuralComparer.ToJson(read).ToJsonString());
    }

    [Fact]
    public void EveryMappingHasItsKeysInOrdinalOrder()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(CrdYamlWriter.Write(Gadget)));

        AssertSorted(stream.Documents[0].RootNode, "");
    }

    [Theory]
    [InlineData("True")]
    [InlineData("false")]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("500")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("2024-01-01")]
    [InlineData(".inf")]
    [InlineData("")]
    [InlineData("a: b")]
    [InlineData("- x")]
    [InlineData("!has(self.x)")]
    [InlineData("first line\nsecond line")]
    public void StringThatLooksLikeAnotherTypeStaysAString(string value)
    {
        var crd = new CustomResourceDefinitionGenerator().Generate(typeof(Gadget));
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.EnumProperty = [value];

        var read = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdYamlWriter.Write(crd));

        var json = CrdStructuralComparer.ToJson(read.Spec.Versions[0].Schema.OpenAPIV3Schema)["enum"]!.AsArray();
        Assert.Equal(System.Text.Json.JsonValueKind.String, json[0]!.GetValueKind());
        Assert.Equal(value, (string)json[0]!);
    }

    private static void AssertSorted(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var keys = mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
                Assert.True(keys.SequenceEqual(keys.Order(StringComparer.Ordinal)), $"{path}: {string.Join(", ", keys)}");
                foreach (var (key, value) in mapping.Children)
                {
                    AssertSorted(value, path + "." + ((YamlScalarNode)key).Value);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence)
                {
                    AssertSorted(item, path + "[]");
                }

                break;
        }
    }
}
