using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>What each Table row carries in <c>object</c> (the <c>includeObject</c> query parameter).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A PartialObjectMetadata with the object's metadata: kube-apiserver's default, which kubectl needs for <c>-A</c> and <c>--show-labels</c>.</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,
}

/// <summary>
/// Renders objects as a <c>meta.k8s.io</c> Table, the server-side printing kubectl asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>: built-in kinds through their printers,
/// custom resources through their CRD's printer columns.
/// </summary>
/// <param name="time">The clock AGE columns are measured against.</param>
public sealed class TableRenderer(TimeProvider time)
{
    private static readonly ConcurrentDictionary<string, SimpleJsonPath?> Paths = new(StringComparer.Ordinal);

    /// <summary>Renders a Table.</summary>
    /// <returns>The Table object.</returns>
    /// <param name="resource">The resource the objects belong to.</param>
    /// <param name="items">The objects, in list order.</param>
    /// <param name="includeObject">What each row carries in <c>object</c>.</param>
    /// <param name="tableVersion"><c>v1</c> or <c>v1beta1</c>, as negotiated; the row objects use the same version.</param>
    /// <param name="listMetadata">The list's <c>metadata</c> (resourceVersion, continue, remainingItemCount), copied onto the Table.</param>
    public JsonObject Render(
        ServedResource resource,
        IReadOnlyList<JsonObject> items,
        IncludeObjectPolicy includeObject = IncludeObjectPolicy.Metadata,
        string tableVersion = "v1",
        JsonObject? listMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(items);
        var now = time.GetUtcNow();
        var apiVersion = "meta.k8s.io/" + tableVersion;
        IReadOnlyList<PrinterColumn> columns;
        Func<JsonObject, JsonNode?[]> cells;
        if (resource.DefinedBy is null)
        {
            var printer = BuiltInPrinters.For(resource.Group, resource.Resource);
            columns = printer.Columns;
            cells = item => printer.Cells(item, now);
        }
        else
        {
            var custom = resource.PrinterColumns.Count > 0 ? resource.PrinterColumns : [CustomResourceDefinitionResources.DefaultAge];
            columns = [BuiltInPrinters.Name, .. custom];
            cells = item => [BuiltInPrinters.NameOf(item), .. custom.Select(c => CustomCell(c, item, now))];
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var row = new JsonObject { ["cells"] = new JsonArray(cells(item)) };
            if (ObjectFor(item, includeObject, apiVersion) is { } embedded)
            {
                row["object"] = embedded;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = apiVersion,
            ["metadata"] = listMetadata?.DeepClone() ?? new JsonObject(),
            ["columnDefinitions"] = new JsonArray([.. columns.Select(Definition)]),
            ["rows"] = rows,
        };
    }

    private static JsonObject Definition(PrinterColumn column) => new()
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["format"] = column.Format,
        ["description"] = column.Description,
        ["priority"] = column.Priority,
    };

    private static JsonObject? ObjectFor(JsonObject item, IncludeObjectPolicy policy, string apiVersion) => policy switch
    {
        IncludeObjectPolicy.Object => (JsonObject)item.DeepClone(),
        IncludeObjectPolicy.Metadata => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = apiVersion,
            ["metadata"] = item["metadata"]?.DeepClone() ?? new JsonObject(),
        },
        _ => null,
    };

    /// <summary>
    /// One cell of a CRD column: a missing value is null (kubectl prints &lt;none&gt;); a date becomes an age;
    /// numbers and booleans keep their JSON type when the column declares it.
    /// </summary>
    private static JsonNode? CustomCell(PrinterColumn column, JsonObject item, DateTimeOffset now)
    {
        var path = column.JsonPath is null ? null : Paths.GetOrAdd(column.JsonPath, static p =>
        {
            try
            {
                return SimpleJsonPath.Parse(p);
            }
            catch (FormatException)
            {
                return null;
            }
        });
        if (path?.Evaluate(item) is not { } value)
        {
            return null;
        }

        var kind = value.GetValueKind();
        return column.Type switch
        {
            "string" => kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
            "integer" when kind == JsonValueKind.Number => value.AsValue().TryGetValue<long>(out var l) ? l : (long)value.GetValue<double>(),
            "number" when kind == JsonValueKind.Number => value.GetValue<double>(),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            "date" when kind == JsonValueKind.String =>
                DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? HumanDuration.Format(now - t)
                    : "<invalid>",
            _ => null,
        };
    }
}
