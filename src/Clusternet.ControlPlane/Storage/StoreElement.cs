using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// One stored state of an object, as the watch cache keeps it: the object's compact UTF-8 JSON (with its
/// resourceVersion stamped in) and the few fields read without parsing. A parsed <see cref="JsonObject"/>
/// costs five to seven times its JSON in memory, so the bytes are kept and parsed only when someone asks
/// for a tree; lists and watches copy the bytes straight into responses. Immutable and shared freely.
/// </summary>
internal sealed class StoreElement
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private StoreElement(byte[] json, long resourceVersion, string? apiVersion, string? kind)
    {
        Json = json;
        ResourceVersion = resourceVersion;
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>
    /// The object as JSON, escaped as responses are (only what JSON requires, as Go does), so it can be
    /// sent as is. Never changed after construction.
    /// </summary>
    public byte[] Json { get; }

    public long ResourceVersion { get; }

    /// <summary>The top-level <c>apiVersion</c>, to tell whether a response must rewrite it; shared string.</summary>
    public string? ApiVersion { get; }

    /// <summary>The top-level <c>kind</c>; shared string.</summary>
    public string? Kind { get; }

    /// <summary>A private, mutable tree of the object.</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>
    /// Serializes <paramref name="obj"/> with <c>metadata.resourceVersion</c> set to <paramref name="resourceVersion"/>
    /// (in place when present, else last in metadata; metadata itself last when missing), leaving
    /// <paramref name="obj"/> untouched.
    /// </summary>
    public static StoreElement From(JsonObject obj, long resourceVersion)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var version = resourceVersion.ToString(CultureInfo.InvariantCulture);
        string? apiVersion = null, kind = null;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStartObject();
            var sawMetadata = false;
            foreach (var (name, value) in obj)
            {
                writer.WritePropertyName(name);
                if (name == "metadata")
                {
                    sawMetadata = true;
                    WriteMetadata(writer, value as JsonObject, version);
                    continue;
                }

                if (name == "apiVersion" && value is JsonValue a && a.TryGetValue<string>(out var av))
                {
                    apiVersion = av;
                }
                else if (name == "kind" && value is JsonValue k && k.TryGetValue<string>(out var kv))
                {
                    kind = kv;
                }

                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            if (!sawMetadata)
            {
                writer.WritePropertyName("metadata");
                WriteMetadata(writer, null, version);
            }

            writer.WriteEndObject();
        }

        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20)
        {
            t_buffer = null; // do not pin a huge buffer to the thread after one big object
        }

        return new StoreElement(json, resourceVersion, Share(apiVersion), Share(kind));
    }

    /// <summary>An element of JSON read back from disk, whose resourceVersion is known.</summary>
    public static StoreElement FromStored(byte[] json, long resourceVersion)
    {
        string? apiVersion = null, kind = null;
        var reader = new Utf8JsonReader(json);
        reader.Read(); // the start of the object
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isApiVersion = reader.ValueTextEquals("apiVersion"u8);
            var isKind = !isApiVersion && reader.ValueTextEquals("kind"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isApiVersion || isKind))
            {
                if (isApiVersion)
                {
                    apiVersion = reader.GetString();
                }
                else
                {
                    kind = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new StoreElement(json, resourceVersion, Share(apiVersion), Share(kind));
    }

    /// <summary>This element's JSON with another resourceVersion (a delete's last state).</summary>
    public StoreElement WithResourceVersion(long resourceVersion) => From(Parse(), resourceVersion);

    private static void WriteMetadata(Utf8JsonWriter writer, JsonObject? metadata, string version)
    {
        writer.WriteStartObject();
        var stamped = false;
        foreach (var (name, value) in (IEnumerable<KeyValuePair<string, JsonNode?>>?)metadata ?? [])
        {
            writer.WritePropertyName(name);
            if (name == "resourceVersion")
            {
                writer.WriteStringValue(version);
                stamped = true;
            }
            else if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        if (!stamped)
        {
            writer.WriteString("resourceVersion", version);
        }

        writer.WriteEndObject();
    }

    // apiVersion and kind repeat across every object of a resource: keep one copy of each.
    private static string? Share(string? value) => value is null ? null : string.Intern(value);
}
