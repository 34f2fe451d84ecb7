using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Descriptors of the apimachinery messages every object carries (k8s.io/apimachinery pkg/apis/meta/v1, pkg/util/intstr,
/// pkg/api/resource), with the field numbers of their generated.proto and the JSON names and omission rules of their Go types.
/// </summary>
internal static class MetaMessages
{
    /// <summary>
    /// <c>metav1.Time</c> {1 seconds, 2 nanos}: an RFC 3339 string in UTC with whole seconds, as Go writes it. Go encodes the
    /// zero time as an empty message; that decodes to "no time", which is omitted (or null where the JSON keeps zeros).
    /// </summary>
    public static readonly MessageDescriptor Time = new MessageDescriptor("Time", ProjectTime)
        .Int64(1, "seconds")
        .Int32(2, "nanos");

    /// <summary><c>intstr.IntOrString</c> {1 type, 2 intVal, 3 strVal}: a JSON number (type 0) or string (type 1).</summary>
    public static readonly MessageDescriptor IntOrString = new MessageDescriptor("IntOrString", ProjectIntOrString)
        .Int64(1, "type")
        .Int32(2, "intVal")
        .String(3, "strVal");

    /// <summary><c>resource.Quantity</c> {1 string}: its canonical string, e.g. <c>500m</c>, <c>128Mi</c>.</summary>
    public static readonly MessageDescriptor Quantity = new MessageDescriptor("Quantity", ProjectQuantity)
        .String(1, "string");

    /// <summary><c>metav1.FieldsV1</c> {1 raw}: the raw bytes are the JSON of the field set and are embedded as such.</summary>
    public static readonly MessageDescriptor FieldsV1 = new MessageDescriptor("FieldsV1", ProjectFieldsV1)
        .Bytes(1, "raw");

    /// <summary><c>metav1.OwnerReference</c>.</summary>
    public static readonly MessageDescriptor OwnerReference = new MessageDescriptor("OwnerReference")
        .String(5, "apiVersion", keepZero: true)
        .String(1, "kind", keepZero: true)
        .String(3, "name", keepZero: true)
        .String(4, "uid", keepZero: true)
        .Bool(6, "controller", keepZero: true)
        .Bool(7, "blockOwnerDeletion", keepZero: true);

    /// <summary><c>metav1.ManagedFieldsEntry</c>.</summary>
    public static readonly MessageDescriptor ManagedFieldsEntry = new MessageDescriptor("ManagedFieldsEntry")
        .String(1, "manager")
        .String(2, "operation")
        .String(3, "apiVersion")
        .Message(4, "time", Time)
        .String(6, "fieldsType")
        .Message(7, "fieldsV1", FieldsV1)
        .String(8, "subresource");

    /// <summary><c>metav1.ObjectMeta</c>.</summary>
    public static readonly MessageDescriptor ObjectMeta = new MessageDescriptor("ObjectMeta")
        .String(1, "name")
        .String(2, "generateName")
        .String(3, "namespace")
        .String(4, "selfLink")
        .String(5, "uid")
        .String(6, "resourceVersion")
        .Int64(7, "generation")
        .Message(8, "creationTimestamp", Time)
        .Message(9, "deletionTimestamp", Time)
        .Int64(10, "deletionGracePeriodSeconds", keepZero: true)
        .StringMap(11, "labels")
        .StringMap(12, "annotations")
        .Messages(13, "ownerReferences", OwnerReference)
        .Strings(14, "finalizers")
        .Messages(17, "managedFields", ManagedFieldsEntry);

    /// <summary><c>metav1.LabelSelectorRequirement</c>.</summary>
    public static readonly MessageDescriptor LabelSelectorRequirement = new MessageDescriptor("LabelSelectorRequirement")
        .String(1, "key", keepZero: true)
        .String(2, "operator", keepZero: true)
        .Strings(3, "values");

    /// <summary><c>metav1.LabelSelector</c>.</summary>
    public static readonly MessageDescriptor LabelSelector = new MessageDescriptor("LabelSelector")
        .StringMap(1, "matchLabels")
        .Messages(2, "matchExpressions", LabelSelectorRequirement);

    /// <summary><c>metav1.Condition</c> (its timestamp and strings have no omitempty).</summary>
    public static readonly MessageDescriptor Condition = new MessageDescriptor("Condition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Int64(3, "observedGeneration")
        .Message(4, "lastTransitionTime", Time, keepZero: true)
        .String(5, "reason", keepZero: true)
        .String(6, "message", keepZero: true);

    // The earliest and latest instants .NET can represent; Go could print others, but no real object carries them.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private static JsonNode? ProjectTime(JsonObject decoded, string path)
    {
        if (decoded.Count == 0)
        {
            return null;
        }

        var seconds = (long?)decoded["seconds"] ?? 0;
        var nanos = (int?)decoded["nanos"] ?? 0;

        // Go normalises nanoseconds outside [0, 1e9) into the seconds before it drops them for RFC 3339.
        seconds += Math.DivRem(nanos, 1_000_000_000, out var rest) - (rest < 0 ? 1 : 0);
        if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            throw new ProtobufDecodeException($"invalid protobuf body: time {seconds}s is out of range (in {path})");
        }

        return JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonNode? ProjectIntOrString(JsonObject decoded, string path)
    {
        var type = (long?)decoded["type"] ?? 0;
        return type switch
        {
            0 => JsonValue.Create((int?)decoded["intVal"] ?? 0),
            1 => JsonValue.Create((string?)decoded["strVal"] ?? string.Empty),
            _ => throw new ProtobufDecodeException($"invalid protobuf body: IntOrString type {type} is neither 0 (int) nor 1 (string) (in {path})"),
        };
    }

    // Go reads the zero Quantity as "0"; the string is kept as sent, validation parses it.
    private static JsonNode? ProjectQuantity(JsonObject decoded, string path) =>
        JsonValue.Create((string?)decoded["string"] ?? "0");

    private static JsonNode? ProjectFieldsV1(JsonObject decoded, string path)
    {
        var raw = (string?)decoded["raw"];
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Convert.FromBase64String(raw));
        }
        catch (JsonException exception)
        {
            throw new ProtobufDecodeException($"invalid protobuf body: fieldsV1 is not JSON (in {path})", exception);
        }
    }
}
