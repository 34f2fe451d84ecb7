using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// A JSON list written from the store's bytes: the items are copied into the response as stored, instead of
/// being parsed, cloned into one tree and serialized again. Its bytes are the same the tree would give.
/// </summary>
internal static class ListResponse
{
    // Flush about this often, so a large list streams instead of piling up in the response pipe.
    private const int FlushEvery = 64 * 1024;

    public static async Task WriteAsync(ResourceRequest request, JsonObject metadata, IReadOnlyList<StoreElement> elements)
    {
        var head = JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject
            {
                ["kind"] = request.Resource.Kind + "List",
                ["apiVersion"] = request.Resource.GroupVersion,
                ["metadata"] = metadata,
            },
            ObjectResponse.Options);

        // Items stored under another apiVersion (a multi-version CRD) are converted one by one.
        var items = new byte[elements.Count][];
        long length = head.Length - 1 + ",\"items\":[".Length + "]}".Length + Math.Max(0, elements.Count - 1);
        for (var i = 0; i < elements.Count; i++)
        {
            items[i] = request.ServesAsStored(elements[i])
                ? elements[i].Json
                : JsonSerializer.SerializeToUtf8Bytes(request.ForResponse(elements[i].Parse()), ObjectResponse.Options);
            length += items[i].Length;
        }

        var response = request.Context.Response;
        response.StatusCode = 200;
        response.ContentType = Discovery.ResponseNegotiation.Json;
        response.ContentLength = length;
        var body = response.BodyWriter;
        var aborted = request.Aborted;
        body.Write(head.AsSpan(0, head.Length - 1)); // without the closing brace
        body.Write(",\"items\":["u8);
        var unflushed = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(items[i]);
            unflushed += items[i].Length;
            if (unflushed >= FlushEvery)
            {
                unflushed = 0;
                var flushed = await body.FlushAsync(aborted).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
        }

        body.Write("]}"u8);
        await body.FlushAsync(aborted).ConfigureAwait(false);
    }
}
