using System.Reflection;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// Every kind in the Clusternet.Client assembly, keyed the way <see cref="KubernetesYaml.LoadAllFromString"/>
/// looks kinds up: <c>group/version/Kind</c> (<c>version/Kind</c> for the core group).
/// </summary>
internal static class ClusternetTypeMap
{
    public static IReadOnlyDictionary<string, Type> Kinds { get; } = typeof(Clusternet.Apis.Apps.V1Alpha1.Feed).Assembly
        .GetTypes()
        .Select(type => (type, entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(pair => pair.entity is not null)
        .ToDictionary(pair => Key(pair.entity!.Group, pair.entity.ApiVersion, pair.entity.Kind), pair => pair.type);

    /// <summary>A mutable copy, the shape <see cref="KubernetesYaml.LoadAllFromString"/> takes.</summary>
    public static Dictionary<string, Type> ForYaml() => new(Kinds);

    public static string Key(string? group, string version, string kind) =>
        string.IsNullOrEmpty(group) ? $"{version}/{kind}" : $"{group}/{version}/{kind}";

    /// <summary>Deserializes with KubernetesClient's JSON options into a type known only at run time.</summary>
    public static object? DeserializeJson(string json, Type type) =>
        DeserializeString.MakeGenericMethod(type).Invoke(null, [json, null]);

    private static readonly MethodInfo DeserializeString = typeof(KubernetesJson)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition &&
                     m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(string));
}
