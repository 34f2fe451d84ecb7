using System.Reflection;
using Clusternet.Apis.Schema;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// Where a kind lives in the API: its group, version, plural resource name, kind and scope. It decides
/// every URL a <see cref="ResourceClient{T, TList}"/> builds: <c>/api/v1/...</c> for the core group (empty
/// <see cref="Group"/>), <c>/apis/&lt;group&gt;/&lt;version&gt;/...</c> for every other group.
/// </summary>
/// <param name="Group">The API group; empty for the core group (<c>ConfigMap</c>, <c>Secret</c>, …).</param>
/// <param name="Version">The API version, such as <c>v1alpha1</c>.</param>
/// <param name="Plural">The resource name used in URLs, such as <c>subscriptions</c>.</param>
/// <param name="Kind">The kind written into <c>kind</c>, such as <c>Subscription</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
public sealed record ResourceDescriptor(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> of the kind: <c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// Reads the descriptor of <typeparamref name="T"/> from its <see cref="KubernetesEntityAttribute"/>, and its
    /// scope from <see cref="CustomResourceAttribute"/> when present.
    /// </summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="namespaced">
    /// The scope for types that carry no <see cref="CustomResourceAttribute"/> (KubernetesClient's built-in models
    /// such as <c>V1ConfigMap</c> do not say whether they are namespaced). Ignored when the attribute is present
    /// unless it contradicts it.
    /// </param>
    /// <exception cref="InvalidOperationException">The type has no <see cref="KubernetesEntityAttribute"/>, or its scope is unknown.</exception>
    public static ResourceDescriptor For<T>(bool? namespaced = null) => For(typeof(T), namespaced);

    /// <inheritdoc cref="For{T}(bool?)"/>
    /// <param name="type">The object type.</param>
    /// <param name="namespaced">The scope for types without <see cref="CustomResourceAttribute"/>.</param>
    public static ResourceDescriptor For(Type type, bool? namespaced = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [KubernetesEntity] attribute; build a ResourceDescriptor by hand.");
        if (string.IsNullOrEmpty(entity.PluralName) || string.IsNullOrEmpty(entity.ApiVersion) || string.IsNullOrEmpty(entity.Kind))
        {
            throw new InvalidOperationException($"The [KubernetesEntity] of {type.FullName} lacks Kind, ApiVersion or PluralName.");
        }

        var scope = type.GetCustomAttribute<CustomResourceAttribute>()?.Scope;
        bool isNamespaced;
        if (scope is { } s)
        {
            isNamespaced = s == ResourceScope.Namespaced;
            if (namespaced is { } n && n != isNamespaced)
            {
                throw new InvalidOperationException($"{type.FullName} is declared {s}; it cannot be used as namespaced={n}.");
            }
        }
        else
        {
            isNamespaced = namespaced
                ?? throw new InvalidOperationException($"{type.FullName} has no [CustomResource] scope; say whether it is namespaced.");
        }

        return new ResourceDescriptor(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind, isNamespaced);
    }

    /// <summary>
    /// The collection path relative to the server's base URI, without a leading slash, so that a base URI with a
    /// path prefix (a hub proxy URL) is kept.
    /// </summary>
    internal string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && @namespace is not null
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    /// <summary>The path of one object, optionally of one of its subresources.</summary>
    internal string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }
}
