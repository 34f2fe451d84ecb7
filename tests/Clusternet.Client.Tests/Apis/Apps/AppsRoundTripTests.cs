using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Client.Tests.Support;
using k8s;
using YamlDotNet.Serialization.NamingConventions;

namespace Clusternet.Client.Tests.Apis.Apps;

/// <summary>
/// Wire fidelity of the apps.clusternet.io models on our own YAML (TestData/apps): values a user sets
/// explicitly, zeros and falses included, come back unchanged, and unset values stay unset.
/// </summary>
public class AppsRoundTripTests
{
    public enum Reader
    {
        /// <summary>KubernetesClient's YAML loader.</summary>
        Yaml,

        /// <summary>KubernetesClient's JSON serializer, fed the YAML document converted to JSON.</summary>
        Json,
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void Localization_priority_zero_stays_zero(Reader reader)
    {
        var localization = Load<Localization>("localization-priorities.yaml", 0, reader);

        Assert.Equal(0, localization.Spec.Priority);
        Assert.Equal(0, Write(localization)["spec"]!["priority"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void Localization_without_priority_writes_no_priority(Reader reader)
    {
        var localization = Load<Localization>("localization-priorities.yaml", 1, reader);

        Assert.Null(localization.Spec.Priority);
        Assert.False(Write(localization)["spec"]!.AsObject().ContainsKey("priority"));
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void HelmChart_createNamespace_false_survives(Reader reader)
    {
        var chart = Load<HelmChart>("helmchart-existing-namespace.yaml", 0, reader);

        Assert.False(chart.Spec.CreateNamespace);
        Assert.False(Write(chart)["spec"]!["createNamespace"]!.GetValue<bool>());
        JsonAssert.SemanticallyEqual(Document("helmchart-existing-namespace.yaml", 0).Json, Write(chart), tolerateAddedEmpty: false);
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void Description_raw_entries_decode_from_base64(Reader reader)
    {
        var description = Load<Description>("description-generic.yaml", 0, reader);

        var raw = Assert.Single(description.Spec.Raw!);
        var carried = JsonNode.Parse(Encoding.UTF8.GetString(raw))!;
        Assert.Equal("ConfigMap", carried["kind"]!.GetValue<string>());
        Assert.Equal("bonjour", carried["data"]!["hello"]!.GetValue<string>());
        JsonAssert.SemanticallyEqual(Document("description-generic.yaml", 0).Json, Write(description), tolerateAddedEmpty: false);
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void Manifest_template_round_trips_arbitrary_json(Reader reader)
    {
        var original = Document("manifest-arbitrary-template.yaml", 0).Json;

        var manifest = Load<Manifest>("manifest-arbitrary-template.yaml", 0, reader);

        JsonAssert.SemanticallyEqual(original, Write(manifest), tolerateAddedEmpty: false);
    }

    [Theory]
    [InlineData(Reader.Yaml)]
    [InlineData(Reader.Json)]
    public void Unknown_enum_values_are_kept(Reader reader)
    {
        var subscription = Load<Subscription>("unknown-enum-values.yaml", 0, reader);
        var globalization = Load<Globalization>("unknown-enum-values.yaml", 1, reader);

        Assert.Equal("Scattering", subscription.Spec.SchedulingStrategy);
        Assert.Equal("Never", subscription.Spec.PreemptionPolicy);
        Assert.Equal("Elastic", subscription.Spec.DividingScheduling!.Type);
        Assert.Equal("Balanced", subscription.Spec.DividingScheduling.DynamicDividing!.Strategy);
        Assert.Equal("ApplyEventually", globalization.Spec.OverridePolicy);
        Assert.Equal("StrategicMergePatch", globalization.Spec.Overrides![0].Type);
        Assert.Equal("TOML", globalization.Spec.Overrides[0].FieldFormat);
        JsonAssert.SemanticallyEqual(Document("unknown-enum-values.yaml", 0).Json, Write(subscription), tolerateAddedEmpty: false);
        JsonAssert.SemanticallyEqual(Document("unknown-enum-values.yaml", 1).Json, Write(globalization), tolerateAddedEmpty: false);
    }

    /// <summary>
    /// KubernetesYaml honours [JsonPropertyName] only on KubernetesClient's own models; on ours it
    /// camel-cases the C# property name. So each C# name must camel-case to the wire name, or YAML
    /// silently drops the field.
    /// </summary>
    [Fact]
    public void Yaml_property_names_match_the_json_names()
    {
        var mismatches =
            from type in typeof(Feed).Assembly.GetTypes()
            where type.Namespace == typeof(Feed).Namespace
            from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let json = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            let yaml = CamelCaseNamingConvention.Instance.Apply(property.Name)
            where json != yaml
            select $"{type.Name}.{property.Name}: json '{json}', yaml '{yaml}'";

        Assert.Empty(mismatches);
    }

    private static YamlDocument Document(string file, int index) =>
        YamlDocuments.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "apps", file)))[index];

    private static T Load<T>(string file, int index, Reader reader)
    {
        var document = Document(file, index);
        return reader == Reader.Yaml
            ? KubernetesYaml.Deserialize<T>(document.Yaml)
            : KubernetesJson.Deserialize<T>(document.Json!.ToJsonString());
    }

    private static JsonObject Write(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
