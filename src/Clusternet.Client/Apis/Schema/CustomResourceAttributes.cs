namespace Clusternet.Apis.Schema;

/// <summary>Whether a custom resource lives in a namespace or in the whole cluster.</summary>
public enum ResourceScope
{
    /// <summary>Objects live in a namespace (<c>scope: Namespaced</c>).</summary>
    Namespaced,

    /// <summary>Objects belong to the whole cluster (<c>scope: Cluster</c>).</summary>
    Cluster,
}

/// <summary>
/// Marks a model as the stored kind of a CustomResourceDefinition, as controller-gen's
/// <c>+kubebuilder:resource</c> marker does. Group, version, kind and plural come from the
/// <see cref="k8s.Models.KubernetesEntityAttribute"/> on the same type.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute : Attribute
{
    /// <summary>Declares a custom resource with the given scope.</summary>
    /// <param name="scope">Namespaced or cluster-scoped.</param>
    public CustomResourceAttribute(ResourceScope scope) => Scope = scope;

    /// <summary>Namespaced or cluster-scoped.</summary>
    public ResourceScope Scope { get; }

    /// <summary>Short names kubectl accepts (<c>spec.names.shortNames</c>).</summary>
    public string[] ShortNames { get; init; } = [];

    /// <summary>Categories the resource belongs to, such as <c>clusternet</c> (<c>kubectl get clusternet</c>).</summary>
    public string[] Categories { get; init; } = [];

    /// <summary>The singular name; defaults to the lower-cased kind.</summary>
    public string? Singular { get; init; }

    /// <summary>
    /// Whether the CRD declares an empty <c>subresources: {}</c> block when the kind has no
    /// status subresource (upstream does so for Base, Localization, Globalization and Manifest).
    /// </summary>
    public bool EmptySubresources { get; init; }
}

/// <summary>Enables the <c>/status</c> subresource for the kind (<c>+kubebuilder:subresource:status</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatusSubresourceAttribute : Attribute;

/// <summary>
/// An additional printer column shown by <c>kubectl get</c>
/// (<c>+kubebuilder:printcolumn</c>). Columns are emitted in <see cref="Order"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute : Attribute
{
    /// <summary>Declares a printer column.</summary>
    /// <param name="order">Position of the column among the kind's columns, from 0.</param>
    /// <param name="name">Column header.</param>
    /// <param name="type">OpenAPI type of the value: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
    /// <param name="jsonPath">Simple JSONPath into the object, such as <c>.spec.clusterId</c>.</param>
    public PrinterColumnAttribute(int order, string name, string type, string jsonPath)
    {
        Order = order;
        Name = name;
        Type = type;
        JsonPath = jsonPath;
    }

    /// <summary>Position of the column among the kind's columns, from 0.</summary>
    public int Order { get; }

    /// <summary>Column header.</summary>
    public string Name { get; }

    /// <summary>OpenAPI type of the value.</summary>
    public string Type { get; }

    /// <summary>JSONPath of the value.</summary>
    public string JsonPath { get; }

    /// <summary>Priority; columns above 0 appear only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }

    /// <summary>Optional OpenAPI format of the value.</summary>
    public string? Format { get; init; }

    /// <summary>Optional human-readable description of the column.</summary>
    public string? Description { get; init; }
}

/// <summary>
/// A CEL validation rule (<c>x-kubernetes-validations</c>, <c>+kubebuilder:validation:XValidation</c>)
/// on a property or on every use of a type.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ValidationRuleAttribute : Attribute
{
    /// <summary>Declares a CEL rule.</summary>
    /// <param name="rule">The CEL expression, such as <c>self == oldSelf</c>.</param>
    /// <param name="message">The message returned when the rule fails.</param>
    public ValidationRuleAttribute(string rule, string message)
    {
        Rule = rule;
        Message = message;
    }

    /// <summary>The CEL expression.</summary>
    public string Rule { get; }

    /// <summary>The message returned when the rule fails.</summary>
    public string Message { get; }
}
