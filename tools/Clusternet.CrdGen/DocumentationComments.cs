using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Clusternet.CrdGen;

/// <summary>
/// The <c>&lt;summary&gt;</c> texts of the XML documentation files that the compiler writes beside
/// each assembly (<c>Clusternet.Client.xml</c>, <c>KubernetesClient.xml</c>, …). They become the
/// schema descriptions, as Go doc comments do for controller-gen.
/// </summary>
public sealed class DocumentationComments
{
    private readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> _byAssembly = new();

    /// <summary>The summary of a type, or null when it has none (or its assembly ships no XML file).</summary>
    public string? Summary(Type type) => Lookup(type.Assembly, "T:" + MemberName(type));

    /// <summary>The summary of a property, looked up on the type that declares it (so inherited properties keep their text).</summary>
    public string? Summary(PropertyInfo property)
    {
        var declaring = property.DeclaringType!;
        return Lookup(declaring.Assembly, "P:" + MemberName(declaring) + "." + property.Name);
    }

    private string? Lookup(Assembly assembly, string id) =>
        _byAssembly.GetOrAdd(assembly, Load).TryGetValue(id, out var text) ? text : null;

    // Documentation ids write nested types with '.' where reflection writes '+'.
    private static string MemberName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return map;
        }

        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
        {
            return map;
        }

        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (name is null || summary is null)
            {
                continue;
            }

            var text = Normalize(summary);
            if (text.Length > 0)
            {
                map[name] = text;
            }
        }

        return map;
    }

    // Renders the inline doc elements as the plain words a reader of the CRD expects, then
    // collapses every run of whitespace (the XML is indented and wrapped) to one space.
    private static string Normalize(XElement summary)
    {
        var builder = new StringBuilder();
        Append(summary, builder);
        return string.Join(' ', builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(XElement element, StringBuilder builder)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see when !see.Nodes().Any():
                    builder.Append(ReferenceText(see));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    builder.Append((string?)reference.Attribute("name"));
                    break;
                case XElement { Name.LocalName: "para" or "br" } paragraph:
                    builder.Append(' ');
                    Append(paragraph, builder);
                    builder.Append(' ');
                    break;
                case XElement other:
                    Append(other, builder);
                    break;
            }
        }
    }

    private static string ReferenceText(XElement see)
    {
        if ((string?)see.Attribute("langword") is { } word)
        {
            return word;
        }

        if ((string?)see.Attribute("href") is { } href)
        {
            return href;
        }

        // cref="T:Namespace.Type.Member": the last segment is what a reader recognises.
        var cref = (string?)see.Attribute("cref") ?? "";
        var colon = cref.IndexOf(':');
        var name = colon >= 0 ? cref[(colon + 1)..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0)
        {
            name = name[..paren];
        }

        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }
}
