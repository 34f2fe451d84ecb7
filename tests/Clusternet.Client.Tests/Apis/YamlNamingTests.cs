using System.Reflection;
using System.Text.Json.Serialization;
using Clusternet.Apis.Clusters.V1Beta1;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Clusternet.Client.Tests.Apis;

// KubernetesYaml maps [JsonPropertyName] to YAML names only for KubernetesClient's own models; for
// ours it camel-cases the C# property name. Every property whose camel-cased name is not its wire
// name must therefore carry a [YamlMember] alias, or YAML silently drops the field.
public class YamlNamingTests
{
    [Fact]
    public void EveryPropertyHasTheSameNameInYamlAsInJson()
    {
        var mismatches =
            from type in typeof(ManagedCluster).Assembly.GetExportedTypes()
            where type.Namespace is { } ns && ns.StartsWith("Clusternet.Apis.", StringComparison.Ordinal)
            from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let json = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            where json is not null && YamlName(property) != json
            select $"{type.Name}.{property.Name}: json '{json}', yaml '{YamlName(property)}'";

        Assert.Empty(mismatches);
    }

    private static string YamlName(PropertyInfo property) =>
        property.GetCustomAttribute<YamlMemberAttribute>() is { Alias: { } alias } member
            ? (member.ApplyNamingConventions ? CamelCaseNamingConvention.Instance.Apply(alias) : alias)
            : CamelCaseNamingConvention.Instance.Apply(property.Name);
}
