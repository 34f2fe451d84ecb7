using System.Text.Json.Nodes;
using Clusternet.Client.Tests.Schema.Models;
using Clusternet.CrdGen;

namespace Clusternet.Client.Tests.Schema;

/// <summary>Each CLR type and each marker of docs/models.md gives the schema controller-gen would.</summary>
public sealed class SchemaMappingTests
{
    private const string Quantity = """
        {"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true,
         "pattern":"^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"}
        """;

    private const string Part = """
        {"type":"object","properties":{"name":{"type":"string"},"size":{"type":"integer","format":"int32"}},
         "required":["name"],"x-kubernetes-map-type":"atomic"}
        """;

    private static readonly JsonObject Gadget = SchemaPath.Root(new CustomResourceDefinitionGenerator().Generate(typeof(Gadget)));

    public static TheoryData<string, string> Mappings => new()
    {
        // types
        { "metadata", """{"type":"object"}""" },
        { "spec.name", """{"type":"string"}""" },
        { "spec.count", """{"type":"integer","format":"int32"}""" },
        { "spec.generation", """{"type":"integer","format":"int64"}""" },
        { "spec.ratio", """{"type":"number"}""" },
        { "spec.weight", """{"type":"number"}""" },
        { "spec.enabled", """{"type":"boolean"}""" },
        { "spec.payload", """{"type":"string","format":"byte"}""" },
        { "spec.since", """{"type":"string","format":"date-time"}""" },
        { "spec.port", """{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true}""" },
        { "spec.memory", Quantity },
        { "spec.template", """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""" },
        { "spec.tags", """{"type":"array","items":{"type":"string"}}""" },
        { "spec.labels", """{"type":"object","additionalProperties":{"type":"string"}}""" },
        { "spec.replicas", """{"type":"object","additionalProperties":{"type":"array","items":{"type":"integer","format":"int32"}}}""" },
        { "spec.capacity", $$"""{"type":"object","additionalProperties":{{Quantity}}}""" },
        { "spec.part", Part },
        { "spec.unnamedProperty", """{"type":"string"}""" },

        // markers
        { "spec.extras", """{"type":"object","properties":{"known":{"type":"string"}},"x-kubernetes-preserve-unknown-fields":true}""" },
        { "spec.code", """{"type":"string","pattern":"^[a-z]+$"}""" },
        { "spec.label", """{"type":"string","minLength":1,"maxLength":30}""" },
        { "spec.ips", """{"type":"array","items":{"type":"string"},"maxItems":1}""" },
        { "spec.annotations", """{"type":"object","additionalProperties":{"type":"string"},"minProperties":1}""" },
        { "spec.priority", """{"type":"integer","format":"int32","minimum":0,"maximum":1000,"default":500}""" },
        { "spec.mode", """{"type":"string","enum":["Fast","Slow","Off"],"default":"Fast"}""" },
        { "spec.letters", """{"type":"array","items":{"type":"string","enum":["A","B"],"pattern":"^[AB]$"}}""" },
        { "spec.createNamespace", """{"type":"boolean","default":true}""" },
        { "spec.completed", """{"type":"integer"}""" },
        { "spec.big", """{"type":"integer","format":"int64"}""" },
        { "spec.timeout", """{"type":"string"}""" },
        { "spec.note", """{"type":"string","nullable":true}""" },
        { "spec.manifest", """{"type":"object","x-kubernetes-preserve-unknown-fields":true,"x-kubernetes-embedded-resource":true}""" },
        { "spec.keyedParts", $$"""{"type":"array","items":{{Part}},"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"]}""" },
        { "spec.set", """{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}""" },
        { "spec.selector", """{"type":"object","additionalProperties":{"type":"string"},"x-kubernetes-map-type":"atomic"}""" },
        { "spec.immutableName", """{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"immutableName is immutable"}]}""" },

        // inherited (Go inline) properties
        { "status.phase", """{"type":"string"}""" },
        { "status.observedGeneration", """{"type":"integer","format":"int64"}""" },
    };

    [Theory]
    [MemberData(nameof(Mappings))]
    public void PropertyGetsTheSchemaOfItsTypeAndMarkers(string path, string expectedJson)
    {
        var actual = SchemaPath.Find(Gadget, path);

        Assert.True(
            CrdStructuralComparer.JsonEquals(JsonNode.Parse(expectedJson), actual),
            $"{path}: expected {expectedJson}, got {actual.ToJsonString()}");
    }

    [Fact]
    public void RequiredListsAreSortedNotInDeclarationOrder()
    {
        Assert.Equal(["enabled", "name"], SchemaPath.Find(Gadget, "spec")["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void RequiredSpecOfTheKindIsRequiredAtTheRoot()
    {
        Assert.Equal(["spec"], Gadget["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void InheritedRequiredPropertiesJoinTheDerivedTypesRequiredList()
    {
        Assert.Equal(["conditions", "phase"], SchemaPath.Find(Gadget, "status")["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void TypeLevelValidationRuleAppliesToTheTypesSchema()
    {
        var rules = SchemaPath.Find(Gadget, "spec")["x-kubernetes-validations"]!.AsArray();

        var rule = Assert.Single(rules);
        Assert.Equal("!has(oldSelf.code) || has(self.code)", (string)rule!["rule"]!);
        Assert.Equal("code is required once set", (string)rule["message"]!);
    }

    [Fact]
    public void JsonIgnoredPropertiesAreLeftOut()
    {
        Assert.False(SchemaPath.Find(Gadget, "spec")["properties"]!.AsObject().ContainsKey("ignored"));
    }

    [Fact]
    public void PropertiesAreKeyedInOrdinalOrder()
    {
        var names = SchemaPath.Find(Gadget, "spec")["properties"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void RecursiveTypeIsRejected()
    {
        var builder = new OpenApiSchemaBuilder(new DocumentationComments());

        Assert.Throws<NotSupportedException>(() => builder.ForObject(typeof(Loop)));
    }

    [Fact]
    public void TypeWithoutMappingIsRejectedNamingTheProperty()
    {
        var builder = new OpenApiSchemaBuilder(new DocumentationComments());

        var error = Assert.Throws<NotSupportedException>(() => builder.ForObject(typeof(Unmappable)));
        Assert.Contains("Unmappable.Duration", error.Message);
    }

    private sealed class Unmappable
    {
        [System.Text.Json.Serialization.JsonPropertyName("duration")] public TimeSpan Duration { get; set; }
    }
}
