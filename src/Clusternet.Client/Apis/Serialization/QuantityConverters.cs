using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Clusternet.Apis.Serialization;

/// <summary>
/// Reads quantities the way KubernetesClient's own converter does (a string, or a JSON number), but
/// shares one parsed <see cref="ResourceQuantity"/> per distinct text. Parsing a quantity is the
/// dearest part of reading a cluster's status (KubernetesClient parses it into exact fractions), and
/// a fleet repeats the same few values ("110" pods, "8" CPUs) across clusters and heartbeats. Sharing
/// is safe because <see cref="ResourceQuantity"/> has no mutators. The cache is bounded: past
/// <see cref="MaxEntries"/> distinct texts it stops growing and parses as usual.
/// </summary>
internal static class QuantityCache
{
    /// <summary>The most distinct quantity texts kept.</summary>
    public const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<string, ResourceQuantity> Parsed = new(StringComparer.Ordinal);

    // ConcurrentDictionary.Count takes every lock; an approximate count of our own is enough for a bound.
    private static int _entries;
    private static readonly ConcurrentDictionary<string, ResourceQuantity>.AlternateLookup<ReadOnlySpan<char>> ParsedBySpan =
        Parsed.GetAlternateLookup<ReadOnlySpan<char>>();

    public static ResourceQuantity Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // As KubernetesClient does: the number's text becomes the quantity.
            return reader.TryGetDouble(out var d)
                ? new ResourceQuantity(Convert.ToString(d, CultureInfo.InvariantCulture))
                : (ResourceQuantity)reader.GetDecimal();
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A quantity must be a string or a number, not {reader.TokenType}.");
        }

        // Quantities are short; look the text up without allocating a string for it.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length <= 64)
        {
            Span<char> buffer = stackalloc char[64];
            var written = reader.CopyString(buffer);
            var text = buffer[..written];
            if (ParsedBySpan.TryGetValue(text, out var cached))
            {
                return cached;
            }

            var key = text.ToString();
            var parsed = new ResourceQuantity(key);
            if (Volatile.Read(ref _entries) < MaxEntries && Parsed.TryAdd(key, parsed))
            {
                Interlocked.Increment(ref _entries);
            }

            return parsed;
        }

        return new ResourceQuantity(reader.GetString());
    }

    public static void Write(Utf8JsonWriter writer, ResourceQuantity value) => writer.WriteStringValue(value.ToString());
}

/// <summary>JSON converter for one <see cref="ResourceQuantity"/> that shares parsed values (see <see cref="QuantityCache"/>).</summary>
internal sealed class SharedQuantityConverter : JsonConverter<ResourceQuantity>
{
    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? null : QuantityCache.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options)
        => QuantityCache.Write(writer, value);
}

/// <summary>JSON converter for a resource list (<c>map[ResourceName]Quantity</c>) that shares parsed values (see <see cref="QuantityCache"/>).</summary>
internal sealed class SharedResourceListConverter : JsonConverter<IDictionary<string, ResourceQuantity>>
{
    public override IDictionary<string, ResourceQuantity>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A resource list must be an object, not {reader.TokenType}.");
        }

        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            result[name] = reader.TokenType == JsonTokenType.Null ? null! : QuantityCache.Read(ref reader);
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, IDictionary<string, ResourceQuantity> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, quantity) in value)
        {
            writer.WritePropertyName(name);
            if (quantity is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                QuantityCache.Write(writer, quantity);
            }
        }

        writer.WriteEndObject();
    }
}
