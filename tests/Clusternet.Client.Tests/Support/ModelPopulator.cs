using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s.Models;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// Builds an instance of a model type with every property set, recursively, to a value its markers accept, so that a
/// serialized model exercises each field it has against a schema. Lists get one item (or their minimum), maps one
/// entry. KubernetesClient's <c>V1*</c> types used inside our models are filled the same way, with values Kubernetes
/// accepts for their enumerated and patterned fields. A kind's own <c>apiVersion</c>, <c>kind</c> and object metadata
/// (<see cref="V1ObjectMeta"/>, <see cref="V1ListMeta"/>) are left to the caller. The result is the same on every call.
/// </summary>
internal static class ModelPopulator
{
    /// <summary>A UTC time with whole seconds, which KubernetesJson writes and reads back unchanged.</summary>
    public static readonly DateTime Time = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    public const string Uuid = "dc91021d-2361-4f6d-a404-7c33b9e01118";

    // Upstream's regular expressions, verbatim, and a value each accepts. An unknown pattern fails the populator, so a
    // new [Pattern] in a model is met by a deliberate entry here rather than by a guess.
    private const string UuidPattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private const string ClusterNamePattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?([a-z0-9]([-a-z0-9]*[a-z0-9]))*";
    private const string DnsLabelPattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string HelmRepoPattern = @"^(http|https|oci)?://(?:[a-zA-Z]|[0-9]|[$-_@.&+]|[!*\(\),]|(?:%[0-9a-fA-F][0-9a-fA-F]))+$";
    private const string ConditionTypePattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    private const string ConditionReasonPattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
    private const string QuantityPattern = @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private static readonly Dictionary<string, string> PatternValues = new(StringComparer.Ordinal)
    {
        [UuidPattern] = Uuid,
        [ClusterNamePattern] = "child-cluster-1",
        [DnsLabelPattern] = "clusternet-5qf2b",
        [HelmRepoPattern] = "https://charts.bitnami.com/bitnami",
        [ConditionTypePattern] = "Ready",
        [ConditionReasonPattern] = "AsExpected",
        [QuantityPattern] = "500m",
    };

    // Fields of KubernetesClient's types carry no markers; these are the ones whose values Kubernetes restricts
    // (enumerations, and the patterns upstream's CRDs copy from metav1.Condition).
    private static readonly Dictionary<(Type Type, string Property), string> KubernetesStringValues = new()
    {
        [(typeof(V1Condition), nameof(V1Condition.Type))] = PatternValues[ConditionTypePattern],
        [(typeof(V1Condition), nameof(V1Condition.Reason))] = PatternValues[ConditionReasonPattern],
        [(typeof(V1Condition), nameof(V1Condition.Status))] = "True",
        [(typeof(V1Toleration), nameof(V1Toleration.OperatorProperty))] = "Equal",
        [(typeof(V1Toleration), nameof(V1Toleration.Effect))] = "NoExecute",
        [(typeof(V1Taint), nameof(V1Taint.Effect))] = "NoSchedule",
        [(typeof(V1LabelSelectorRequirement), nameof(V1LabelSelectorRequirement.OperatorProperty))] = "In",
        [(typeof(V1NodeSelectorRequirement), nameof(V1NodeSelectorRequirement.OperatorProperty))] = "In",
        [(typeof(V1TopologySpreadConstraint), nameof(V1TopologySpreadConstraint.WhenUnsatisfiable))] = "DoNotSchedule",
        [(typeof(V1TopologySpreadConstraint), nameof(V1TopologySpreadConstraint.NodeAffinityPolicy))] = "Honor",
        [(typeof(V1TopologySpreadConstraint), nameof(V1TopologySpreadConstraint.NodeTaintsPolicy))] = "Honor",
        [(typeof(V1TopologySpreadConstraint), nameof(V1TopologySpreadConstraint.TopologyKey))] = "topology.kubernetes.io/zone",
        [(typeof(V1PodAffinityTerm), nameof(V1PodAffinityTerm.TopologyKey))] = "kubernetes.io/hostname",
    };

    /// <summary>
    /// Fields of KubernetesClient's types that upstream's CRDs do not have: Kubernetes added them after the API version
    /// upstream generates its CRDs from, so kube-apiserver prunes them. Our models cannot help carrying them (they are
    /// KubernetesClient's types), so they are left unset rather than reported.
    /// </summary>
    private static readonly HashSet<(Type Type, string Property)> NewerKubernetesFields = [];

    /// <summary>A fully populated instance of <typeparamref name="T"/>.</summary>
    public static T Populate<T>()
        where T : class => (T)Populate(typeof(T));

    /// <summary>A fully populated instance of <paramref name="type"/>, a model class.</summary>
    public static object Populate(Type type) => PopulateObject(type, type.Name, depth: 0);

    private static object PopulateObject(Type type, string where, int depth)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException($"{where}: models nest deeper than 16 levels; is {type.Name} recursive?");
        }

        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{where}: {type.Name} has no public parameterless constructor");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0 ||
                property.IsDefined(typeof(JsonIgnoreAttribute)) ||
                property.PropertyType == typeof(V1ObjectMeta) || property.PropertyType == typeof(V1ListMeta) ||
                (typeof(k8s.IKubernetesObject).IsAssignableFrom(type) && property.Name is nameof(k8s.IKubernetesObject.ApiVersion) or nameof(k8s.IKubernetesObject.Kind)) ||
                NewerKubernetesFields.Contains((property.DeclaringType!, property.Name)))
            {
                continue;
            }

            property.SetValue(instance, ValueFor(property, property.PropertyType, $"{type.Name}.{property.Name}", depth));
        }

        return instance;
    }

    /// <summary>A valid value of <paramref name="type"/> for <paramref name="property"/> (or for an item of it, when a collection).</summary>
    private static object ValueFor(PropertyInfo property, Type type, string where, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return StringFor(property, where);
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double))
        {
            return Convert.ChangeType(NumberFor(property, type), type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(byte[]))
        {
            return new byte[] { 0x63, 0x6c, 0x75, 0x73, 0x74, 0x65, 0x72, 0x6e, 0x65, 0x74 };
        }

        if (type == typeof(DateTime))
        {
            return Time;
        }

        if (type == typeof(ResourceQuantity))
        {
            return new ResourceQuantity("500m");
        }

        if (type == typeof(IntOrString))
        {
            return (IntOrString)8080;
        }

        if (type == typeof(object))
        {
            // A raw object (RawExtension or free-form status): shaped like a Kubernetes object, so it also suits an
            // embedded resource.
            return JsonSerializer.Deserialize<JsonElement>("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"raw"},"data":{"key":"value"}}""");
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
            var key = valueType == typeof(ResourceQuantity) ? "cpu" : "key-" + property.Name;
            map.Add(key, ValueFor(property, valueType, where + "[" + key + "]", depth + 1));
            return map;
        }

        if (ListItemType(type) is { } itemType)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            var count = type != typeof(string) && property.GetCustomAttribute<LengthAttribute>() is { Min: > 1 } length ? length.Min : 1;
            for (var i = 0; i < count; i++)
            {
                list.Add(ValueFor(property, itemType, $"{where}[{i}]", depth + 1));
            }

            return list;
        }

        if (type.IsClass && !type.IsAbstract)
        {
            return PopulateObject(type, where, depth + 1);
        }

        throw new InvalidOperationException($"{where}: no value known for type {type}; extend ModelPopulator");
    }

    private static string StringFor(PropertyInfo property, string where)
    {
        string value;
        if (property.GetCustomAttribute<EnumAttribute>() is { } enumeration)
        {
            value = enumeration.Values[0];
        }
        else if (property.GetCustomAttribute<PatternAttribute>() is { } pattern)
        {
            value = PatternValues.TryGetValue(pattern.Pattern, out var known)
                ? known
                : throw new InvalidOperationException($"{where}: no valid value known for [Pattern(\"{pattern.Pattern}\")]; add one to ModelPopulator's pattern table");
        }
        else if (KubernetesStringValues.TryGetValue((property.DeclaringType!, property.Name), out var kubernetes))
        {
            value = kubernetes;
        }
        else
        {
            value = "value-" + property.Name;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length && property.PropertyType == typeof(string))
        {
            if (length.Max >= 0 && value.Length > length.Max)
            {
                throw new InvalidOperationException($"{where}: the chosen value \"{value}\" is longer than [Length(Max = {length.Max})]");
            }

            if (length.Min > value.Length)
            {
                value = value.PadRight((int)length.Min, 'x');
            }
        }

        return value;
    }

    private static double NumberFor(PropertyInfo property, Type type)
    {
        var value = type == typeof(float) || type == typeof(double) ? 1.5 : 1;
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            if (!double.IsNaN(range.Minimum) && value < range.Minimum)
            {
                value = range.Minimum;
            }

            if (!double.IsNaN(range.Maximum) && value > range.Maximum)
            {
                value = range.Maximum;
            }
        }

        return value;
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericArguments(type, typeof(IDictionary<,>)) is [var key, var value] && key == typeof(string) ? value : null;

    private static Type? ListItemType(Type type) =>
        type != typeof(string) && GenericArguments(type, typeof(IList<>)) is [var item] ? item : null;

    private static Type[]? GenericArguments(Type type, Type openInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)?.GetGenericArguments();
    }
}
