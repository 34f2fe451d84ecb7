using System.Globalization;
using System.Text;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The path to the value being walked, kept as a stack of segments and rendered to text only when an error needs it,
/// so walking a valid object allocates no path strings.
/// </summary>
/// <remarks>
/// Kubernetes renders a path two ways. kube-openapi (the schema checks) joins properties and map keys with dots and
/// indexes with brackets: <c>spec.labels.app</c>, <c>spec.subscribers[0]</c>. <c>field.Path</c> (list-type and
/// embedded-resource checks) brackets map keys instead: <c>spec.labels[app]</c>. Both are kept so each error carries the
/// path kube-apiserver would give it.
/// </remarks>
internal sealed class FieldPathStack(string root)
{
    private readonly List<Segment> segments = new(16);

    private enum SegmentKind : byte
    {
        Property,
        Key,
        Index,
    }

    public void PushProperty(string name) => segments.Add(new Segment(SegmentKind.Property, name, 0));

    public void PushKey(string key) => segments.Add(new Segment(SegmentKind.Key, key, 0));

    public void PushIndex(int index) => segments.Add(new Segment(SegmentKind.Index, null, index));

    public void Pop() => segments.RemoveAt(segments.Count - 1);

    /// <summary>kube-openapi's name of the current value, as used inside its messages (<c>spec.x in body …</c>).</summary>
    public string OpenApiName()
    {
        var builder = new StringBuilder(root);
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Property:
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(segment.Name);
                    break;
                case SegmentKind.Key:
                    builder.Append('.').Append(segment.Name);
                    break;
                default:
                    builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The <c>field.Path</c> rendering of the current value, or of a child property of it.</summary>
    public string FieldPath(string? child = null)
    {
        var builder = new StringBuilder(root);
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Property:
                    AppendChild(builder, segment.Name!);
                    break;
                case SegmentKind.Key:
                    builder.Append('[').Append(segment.Name).Append(']');
                    break;
                default:
                    builder.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        if (child is not null)
        {
            AppendChild(builder, child);
        }

        return builder.Length == 0 ? NilField : builder.ToString();
    }

    /// <summary>What <c>field.Path</c> prints for no path at all; kube-apiserver shows it for errors it cannot place.</summary>
    public const string NilField = "<nil>";

    /// <summary>
    /// The field kube-apiserver reports for a kube-openapi error named <paramref name="openApiName"/>: the name without
    /// its first leading dot, or <c>&lt;nil&gt;</c> for the root.
    /// </summary>
    public static string FieldOf(string openApiName) =>
        openApiName.Length == 0 || openApiName == "." ? NilField : openApiName.StartsWith('.') ? openApiName[1..] : openApiName;

    private static void AppendChild(StringBuilder builder, string name)
    {
        if (builder.Length > 0)
        {
            builder.Append('.');
        }

        builder.Append(name);
    }

    private readonly record struct Segment(SegmentKind Kind, string? Name, int Index);
}
