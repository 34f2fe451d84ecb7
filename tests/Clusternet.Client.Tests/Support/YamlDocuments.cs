using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Clusternet.Client.Tests.Support;

/// <summary>One document of a YAML stream: its own text, and the same content as JSON.</summary>
/// <param name="Index">Position of the document in the stream, from 0.</param>
/// <param name="Yaml">The document's text, cut from the stream, so it loads on its own.</param>
/// <param name="Json">The document as JSON, or null for an empty document.</param>
internal sealed record YamlDocument(int Index, string Yaml, JsonNode? Json);

/// <summary>
/// Splits a YAML stream into documents and converts each to JSON the way a Kubernetes client reads
/// YAML: an untagged plain scalar that reads as null, a boolean or a number becomes that JSON type
/// (YAML 1.2 core schema), while a quoted or block scalar, or one tagged <c>!!str</c>, stays a string.
/// </summary>
internal static partial class YamlDocuments
{
    public static IReadOnlyList<YamlDocument> Parse(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var documents = new List<YamlDocument>();
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out var start))
        {
            var anchors = new Dictionary<string, JsonNode?>();
            JsonNode? root = null;
            if (!parser.Accept<DocumentEnd>(out _))
            {
                root = ReadNode(parser, anchors);
            }

            var end = parser.Consume<DocumentEnd>();
            var text = yaml[(int)start.Start.Index..(int)end.End.Index];
            documents.Add(new YamlDocument(documents.Count, text, root));
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors[alias.Value.Value]?.DeepClone();
        }

        JsonNode? node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = ScalarToJson(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            anchor = sequenceStart.Anchor;
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors));
            }

            node = array;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            anchor = mappingStart.Anchor;
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                obj[key] = ReadNode(parser, anchors);
            }

            node = obj;
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static JsonNode? ScalarToJson(Scalar scalar)
    {
        var value = scalar.Value;
        if (!scalar.Tag.IsEmpty && scalar.Tag.Value != "!")
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:null" => null,
                "tag:yaml.org,2002:bool" => JsonValue.Create(bool.Parse(value)),
                "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" => Number(value) ?? throw new FormatException($"not a number: {value}"),
                _ => JsonValue.Create(value),
            };
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (NullPattern().IsMatch(value))
        {
            return null;
        }

        if (BoolPattern().IsMatch(value))
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return Number(value) ?? JsonValue.Create(value);
    }

    private static JsonNode? Number(string value)
    {
        if (IntPattern().IsMatch(value))
        {
            return JsonNode.Parse(decimal.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && value.Length > 2 && value[2..].All(c => c is >= '0' and <= '7'))
        {
            return JsonValue.Create(Convert.ToInt64(value[2..], 8));
        }

        if (FloatPattern().IsMatch(value))
        {
            return JsonNode.Parse(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        }

        return null; // .inf and .nan have no JSON form; they stay strings
    }

    [GeneratedRegex("^(null|Null|NULL|~|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
