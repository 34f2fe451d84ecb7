using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Selectors;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>GET of an object (or its /status) and of a collection, as JSON or as a Table when asked for one.</summary>
internal sealed class ReadHandler(ApiServices services)
{
    public async Task GetAsync(ResourceRequest request)
    {
        var stored = await services.Store.GetAsync(request.Key, request.Aborted).ConfigureAwait(false)
            ?? throw ResourceErrors.NotFound(request.Resource, request.Name);
        var obj = request.ForResponse(stored);
        var negotiated = ResponseNegotiation.ForObjects(request.Context.Request.Headers.Accept);
        if (negotiated.TableVersion is { } tableVersion && request.Info.Subresource is null)
        {
            var table = services.Tables.Render(request.Resource, [obj], IncludeObject(request), tableVersion);
            await ObjectResponse.WriteAsync(request.Context, table, contentType: negotiated.ContentType).ConfigureAwait(false);
            return;
        }

        await ObjectResponse.WriteAsync(request.Context, obj).ConfigureAwait(false);
    }

    public async Task ListAsync(ResourceRequest request)
    {
        var selection = Select(request);
        var limit = long.TryParse(request.Query("limit"), out var l) && l > 0 ? (int)Math.Min(l, int.MaxValue) : (int?)null;
        ListResult result;
        try
        {
            result = await services.Store.ListAsync(
                request.StorageResource,
                request.Namespace,
                new ListRequest { Limit = limit, Continue = request.Query("continue") is { Length: > 0 } c ? c : null, Predicate = selection.Predicate, Name = selection.Name },
                request.Aborted).ConfigureAwait(false);
        }
        catch (StorageExpiredException e)
        {
            throw ResourceErrors.Expired(e.Message);
        }
        catch (ArgumentException e)
        {
            throw ResourceErrors.BadRequest(e.Message);
        }

        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (result.Continue is { } next)
        {
            metadata["continue"] = next;
        }

        if (result.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var negotiated = ResponseNegotiation.ForObjects(request.Context.Request.Headers.Accept);
        if (negotiated.TableVersion is null && result.Elements is { } elements)
        {
            await ListResponse.WriteAsync(request, metadata, elements).ConfigureAwait(false);
            return;
        }

        var items = result.Items.Select(request.ForResponse).ToList();
        if (negotiated.TableVersion is { } tableVersion)
        {
            var table = services.Tables.Render(request.Resource, items, IncludeObject(request), tableVersion, metadata);
            await ObjectResponse.WriteAsync(request.Context, table, contentType: negotiated.ContentType).ConfigureAwait(false);
            return;
        }

        var list = new JsonObject
        {
            ["kind"] = request.Resource.Kind + "List",
            ["apiVersion"] = request.Resource.GroupVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]),
        };
        await ObjectResponse.WriteAsync(request.Context, list).ConfigureAwait(false);
    }

    /// <summary>The labelSelector and fieldSelector of a list, watch or deletecollection; 400 when either does not parse.</summary>
    public static Selection Select(ResourceRequest request)
    {
        try
        {
            var labels = LabelSelector.Parse(request.Query("labelSelector"));
            var fields = FieldSelector.Parse(request.Query("fieldSelector"), SelectableFieldsOf(request.Resource));
            if (labels.IsEmpty && fields.IsEmpty)
            {
                return default;
            }

            return new Selection(
                obj => labels.Matches(obj) && fields.Matches(obj),
                fields.TryGetExactMatch("metadata.name", out var name) ? name : null);
        }
        catch (SelectorParseException e)
        {
            throw ResourceErrors.BadRequest(e.Message);
        }
    }

    public static IncludeObjectPolicy IncludeObject(ResourceRequest request) => request.Query("includeObject") switch
    {
        "None" => IncludeObjectPolicy.None,
        "Object" => IncludeObjectPolicy.Object,
        _ => IncludeObjectPolicy.Metadata,
    };

    private static SelectableFields SelectableFieldsOf(ServedResource resource) =>
        resource.DefinedBy is null ? SelectableFields.ForResource(resource.Group, resource.Resource) : SelectableFields.ObjectMeta;
}

/// <summary>
/// What the selectors of a list or watch keep: a predicate over whole objects, and the name a field selector pins
/// (<c>metadata.name=x</c>), by which storage and watches pass over other objects without parsing them.
/// </summary>
/// <param name="Predicate">Null when there is no selector.</param>
/// <param name="Name">The only name that can match; null for any.</param>
internal readonly record struct Selection(Func<JsonObject, bool>? Predicate, string? Name)
{
    /// <summary>Whether an object at <paramref name="key"/> can match; an object's name never changes, so a false holds for every event of it.</summary>
    public bool MayMatch(StorageKey key) => Name is null || string.Equals(key.Name, Name, StringComparison.Ordinal);
}
